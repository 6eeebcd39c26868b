package org.m2mdm.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JdbcTest {
    @TempDir
    Path dir;
    Database db;
    Jdbc jdbc;

    @BeforeEach
    void open() {
        db = Database.open(DatabaseConfig.embedded(dir));
        jdbc = db.jdbc();
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void nestedTransactionsJoinTheOuterOneAndRollBackWithIt() {
        assertThatThrownBy(() -> jdbc.inTransaction(() -> {
            jdbc.update("INSERT INTO envelope_sequences (endpoint, last_value) VALUES ('a', 1)");
            jdbc.inTransaction(() -> jdbc.update("INSERT INTO envelope_sequences (endpoint, last_value) VALUES ('b', 1)"));
            assertThat(jdbc.isInTransaction()).isTrue();
            throw new IllegalStateException("boom");
        })).hasMessage("boom");
        assertThat(jdbc.queryLong("SELECT COUNT(*) FROM envelope_sequences")).isZero();
        assertThat(jdbc.isInTransaction()).isFalse();
    }

    @Test
    void aCommittedTransactionIsVisibleToOtherConnections() {
        jdbc.inTransaction(() -> {
            jdbc.update("INSERT INTO envelope_sequences (endpoint, last_value) VALUES ('a', 5)");
        });
        assertThat(jdbc.queryOne("SELECT last_value FROM envelope_sequences WHERE endpoint = ?", r -> r.longValue("last_value"), "a"))
                .contains(5L);
        assertThat(jdbc.queryOne("SELECT last_value FROM envelope_sequences WHERE endpoint = ?", r -> r.longValue("last_value"), "zz"))
                .isEmpty();
    }

    @Test
    void bindsInstantsEnumsAndNullsAndMapsUniqueViolations() {
        Instant at = Instant.parse("2026-03-04T05:06:07.123456789Z");
        jdbc.update("INSERT INTO audit_log (at, actor, tenant_id, action, subject, outcome, detail) VALUES (?, ?, ?, ?, ?, ?, ?)",
                at, "me", null, "x", null, TargetState.FAILED, null);
        assertThat(jdbc.queryOne("SELECT at, outcome, tenant_id FROM audit_log", r -> r.instant("at") + " " + r.str("outcome") + " "
                + r.str("tenant_id"))).contains("2026-03-04T05:06:07.123456Z FAILED null");

        jdbc.update("INSERT INTO envelope_sequences (endpoint, last_value) VALUES ('a', 1)");
        assertThatThrownBy(() -> jdbc.update("INSERT INTO envelope_sequences (endpoint, last_value) VALUES ('a', 2)"))
                .isInstanceOf(DuplicateKeyException.class);
        assertThatThrownBy(() -> jdbc.update("INSERT INTO devices (id) VALUES ('x')")).isInstanceOf(StoreException.class)
                .hasMessageContaining("SQL state");
    }
}
