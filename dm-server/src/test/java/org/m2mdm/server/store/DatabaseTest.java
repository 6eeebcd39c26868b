package org.m2mdm.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class DatabaseTest {
    @TempDir
    Path dir;

    @Test
    void embeddedDatabaseLivesInAFileUnderTheDataDirectoryAndIsMigrated() {
        try (Database db = Database.open(DatabaseConfig.embedded(dir))) {
            List<String> tables = db.jdbc().query("SELECT LOWER(table_name) AS t FROM information_schema.tables"
                    + " WHERE LOWER(table_schema) = 'public'", r -> r.str("t"));
            assertThat(tables).contains("tenants", "api_tokens", "devices", "device_labels", "subscriptions", "usim_credentials",
                    "app_parameter_sets", "management_servers", "activation_entries", "device_credentials", "jobs", "job_targets",
                    "envelope_sequences", "audit_log", "flyway_schema_history");
        }
        assertThat(dir.resolve("db/m2mdm.mv.db")).isRegularFile();
    }

    @Test
    void reopeningKeepsTheDataAndDoesNotMigrateTwice() {
        try (Database db = Database.open(DatabaseConfig.embedded(dir))) {
            db.jdbc().update("INSERT INTO envelope_sequences (endpoint, last_value) VALUES ('ep', 7)");
        }
        try (Database db = Database.open(DatabaseConfig.embedded(dir))) {
            assertThat(db.jdbc().queryLong("SELECT last_value FROM envelope_sequences WHERE endpoint = 'ep'")).isEqualTo(7);
            assertThat(db.jdbc().queryLong("SELECT COUNT(*) FROM \"flyway_schema_history\" WHERE \"success\" = TRUE AND \"version\" = '1'")).isEqualTo(1);
        }
    }

    @Test
    void corruptDatabaseFileGivesAClearError() throws IOException {
        Files.createDirectories(dir.resolve("db"));
        byte[] garbage = new byte[8192];
        new java.util.Random(1).nextBytes(garbage);
        Files.write(dir.resolve("db/m2mdm.mv.db"), garbage);

        assertThatThrownBy(() -> Database.open(DatabaseConfig.embedded(dir)))
                .isInstanceOf(DatabaseOpenException.class)
                .hasMessageContaining(dir.resolve("db/m2mdm.mv.db").toString())
                .hasMessageContaining("corrupt");
    }

    @Test
    void databaseFileLockedByAnotherProcessGivesAClearError() throws IOException {
        try (Database db = Database.open(DatabaseConfig.embedded(dir))) {
            db.jdbc().update("INSERT INTO envelope_sequences (endpoint, last_value) VALUES ('ep', 1)");
        }
        // Another process holding the file: an exclusive OS lock on it, as a second H2 would take.
        Path file = dir.resolve("db/m2mdm.mv.db");
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
                FileLock lock = ch.lock()) {
            assertThat(lock.isValid()).isTrue();
            assertThatThrownBy(() -> Database.open(DatabaseConfig.embedded(dir)))
                    .isInstanceOf(DatabaseOpenException.class)
                    .hasMessageContaining(file.toString())
                    .hasMessageContaining("locked");
        }
    }

    @Test
    @Timeout(90)
    void databaseOpenInAnotherServerProcessGivesAClearError() throws Exception {
        Process other = startHolder();
        try (var out = new java.io.BufferedReader(new java.io.InputStreamReader(other.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            do {
                line = out.readLine();
            } while (line != null && !line.equals("OPEN"));
            assertThat(line).as("the other process opened the database").isEqualTo("OPEN");

            assertThatThrownBy(() -> Database.open(DatabaseConfig.embedded(dir)))
                    .isInstanceOf(DatabaseOpenException.class)
                    .hasMessageContaining(dir.resolve("db/m2mdm.mv.db").toString())
                    .hasMessageContaining("locked by another process");
        } finally {
            other.getOutputStream().close();
            if (!other.waitFor(30, TimeUnit.SECONDS)) {
                other.destroyForcibly();
            }
        }
        // once the other server has gone, the database opens normally
        try (Database db = Database.open(DatabaseConfig.embedded(dir))) {
            assertThat(db.jdbc().queryLong("SELECT COUNT(*) FROM tenants")).isZero();
        }
    }

    @Test
    @Timeout(90)
    void aCommitSurvivesTheServerProcessBeingKilled() throws Exception {
        Process other = startHolder("urn:imei:crash");
        try (var out = new java.io.BufferedReader(new java.io.InputStreamReader(other.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            do {
                line = out.readLine();
            } while (line != null && !line.equals("COMMITTED"));
            assertThat(line).isEqualTo("COMMITTED");
            other.destroyForcibly(); // SIGKILL right after the commit: no shutdown hook, no clean close
            assertThat(other.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        try (Database db = Database.open(DatabaseConfig.embedded(dir))) {
            assertThat(db.jdbc().queryLong("SELECT last_value FROM envelope_sequences WHERE endpoint = 'urn:imei:crash'")).isEqualTo(41);
        }
    }

    private Process startHolder(String... extra) throws IOException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> cmd = new java.util.ArrayList<>(List.of(java.toString(), "-cp", System.getProperty("java.class.path"),
                DatabaseLockHolder.class.getName(), dir.toString()));
        cmd.addAll(List.of(extra));
        return new ProcessBuilder(cmd).redirectErrorStream(true).start();
    }

    @Test
    void unreachableDatabaseGivesAClearError() {
        DatabaseConfig config = new DatabaseConfig("jdbc:postgresql://127.0.0.1:1/m2mdm", "u", "secret-password", 2);
        assertThatThrownBy(() -> Database.open(config))
                .isInstanceOf(DatabaseOpenException.class)
                .hasMessageContaining("Cannot open the database jdbc:postgresql://127.0.0.1:1/m2mdm")
                .hasMessageNotContaining("secret-password");
    }

    @Test
    void configRejectsNonsenseAndHidesThePassword() {
        assertThatThrownBy(() -> new DatabaseConfig("h2:file:x", "u", "p", 2)).hasMessageContaining("jdbc:");
        assertThatThrownBy(() -> new DatabaseConfig("jdbc:h2:mem:x", "u", "p", 0)).hasMessageContaining("pool size");
        assertThat(new DatabaseConfig("jdbc:h2:mem:x", "u", "hunter2", 2).toString()).doesNotContain("hunter2");
    }
}
