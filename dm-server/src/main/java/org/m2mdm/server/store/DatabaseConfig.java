package org.m2mdm.server.store;

import java.nio.file.Path;

/**
 * Where the database is: a JDBC URL (H2 or PostgreSQL), credentials and pool size.
 * {@link #toString()} hides the password.
 */
public record DatabaseConfig(String jdbcUrl, String user, String password, int poolSize) {

    public DatabaseConfig {
        if (jdbcUrl == null || !jdbcUrl.startsWith("jdbc:")) {
            throw new IllegalArgumentException("JDBC URL must start with \"jdbc:\", got " + jdbcUrl);
        }
        if (poolSize < 1 || poolSize > 200) {
            throw new IllegalArgumentException("pool size must be 1..200, got " + poolSize);
        }
        user = user == null ? "" : user;
        password = password == null ? "" : password;
    }

    /** The embedded default: an H2 file {@code <dataDir>/db/m2mdm.mv.db}. */
    public static DatabaseConfig embedded(Path dataDir) {
        Path base = dataDir.toAbsolutePath().resolve("db").resolve("m2mdm");
        // DB_CLOSE_ON_EXIT=FALSE: the pool, not H2's shutdown hook, decides when the file is closed.
        // WRITE_DELAY=0: a commit is in the file before it returns, so a killed server loses no committed job
        // (H2's default delays the write by up to 500 ms; DatabaseTest shows the loss without this).
        // LOCK_TIMEOUT=10000: claimers contending for the same job rows wait for each other instead of failing after 1 s.
        return new DatabaseConfig("jdbc:h2:file:" + base + ";DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0;LOCK_TIMEOUT=10000", "m2mdm", "",
                8);
    }

    /** Whether this is an H2 database. */
    public boolean isH2() {
        return jdbcUrl.startsWith("jdbc:h2:");
    }

    @Override
    public String toString() {
        return "DatabaseConfig[jdbcUrl=" + jdbcUrl + ", user=" + user + ", password=" + (password.isEmpty() ? "" : "***")
                + ", poolSize=" + poolSize + "]";
    }
}
