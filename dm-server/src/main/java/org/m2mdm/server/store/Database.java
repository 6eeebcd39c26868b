package org.m2mdm.server.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The connection pool (HikariCP) over a database whose schema Flyway has brought up to date. */
public final class Database implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Database.class);

    // H2 error codes (org.h2.api.ErrorCode) worth explaining to an operator.
    private static final int H2_DATABASE_ALREADY_OPEN = 90020;
    private static final int H2_FILE_CORRUPTED = 90030;
    private static final int H2_FILE_VERSION_ERROR = 90048;
    private static final int H2_FILE_ENCRYPTION_ERROR = 90049;
    private static final int H2_WRONG_USER_OR_PASSWORD = 28000;

    private final DatabaseConfig config;
    private final HikariDataSource pool;
    private final Jdbc jdbc;

    private Database(DatabaseConfig config, HikariDataSource pool) {
        this.config = config;
        this.pool = pool;
        this.jdbc = new Jdbc(pool);
    }

    /**
     * Opens the pool and migrates the schema. A locked, corrupt or unreachable database gives a
     * {@link DatabaseOpenException} saying which and where.
     */
    public static Database open(DatabaseConfig config) {
        HikariConfig hc = new HikariConfig();
        hc.setJdbcUrl(config.jdbcUrl());
        hc.setUsername(config.user());
        hc.setPassword(config.password());
        hc.setMaximumPoolSize(config.poolSize());
        hc.setMinimumIdle(1);
        hc.setPoolName("m2mdm-db");
        hc.setConnectionTimeout(10_000);
        HikariDataSource pool;
        try {
            pool = new HikariDataSource(hc);
        } catch (RuntimeException e) {
            throw explain(config, e);
        }
        try {
            MigrateResult result = Flyway.configure()
                    .dataSource(pool)
                    .locations("classpath:db/migration")
                    .load()
                    .migrate();
            if (result.migrationsExecuted > 0) {
                LOG.info("database schema migrated to version {}", result.targetSchemaVersion);
            }
        } catch (RuntimeException e) {
            pool.close();
            throw explain(config, e);
        }
        return new Database(config, pool);
    }

    /** The pooled data source. */
    public DataSource dataSource() {
        return pool;
    }

    public DatabaseConfig config() {
        return config;
    }

    /** The JDBC template over this pool (transactions join across stores on the same thread). */
    public Jdbc jdbc() {
        return jdbc;
    }

    @Override
    public void close() {
        pool.close();
    }

    private static DatabaseOpenException explain(DatabaseConfig config, Throwable e) {
        SQLException sql = findSqlException(e);
        String where = config.isH2() ? "the H2 database " + h2File(config.jdbcUrl()) : "the database " + config.jdbcUrl();
        if (sql == null) {
            return new DatabaseOpenException("Cannot open " + where + ": " + e.getMessage(), e);
        }
        String reason;
        if (config.isH2() && sql.getErrorCode() == H2_DATABASE_ALREADY_OPEN) {
            reason = "the database file is locked by another process (is another dm-server running on this data directory?)";
        } else if (config.isH2() && (sql.getErrorCode() == H2_FILE_CORRUPTED || sql.getErrorCode() == H2_FILE_VERSION_ERROR
                || sql.getErrorCode() == H2_FILE_ENCRYPTION_ERROR)) {
            reason = "the database file is corrupt or not an H2 database file (restore it from a backup or move it away)";
        } else if (sql.getErrorCode() == H2_WRONG_USER_OR_PASSWORD || "28P01".equals(sql.getSQLState())) {
            reason = "wrong database user or password";
        } else if (sql.getSQLState() != null && sql.getSQLState().startsWith("08")) {
            reason = "cannot connect (" + sql.getMessage() + ")";
        } else {
            reason = sql.getMessage();
        }
        return new DatabaseOpenException("Cannot open " + where + ": " + reason, e);
    }

    private static String h2File(String url) {
        String rest = url.substring("jdbc:h2:".length());
        int semi = rest.indexOf(';');
        return (semi < 0 ? rest : rest.substring(0, semi)).replaceFirst("^file:", "") + ".mv.db";
    }

    private static SQLException findSqlException(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s) {
                return s;
            }
        }
        return null;
    }
}
