package org.m2mdm.server.store;

import java.util.OptionalLong;

/** {@link EnvelopeSequenceStore} on the database: an UPDATE ... SET last_value = last_value + 1 per call. */
public final class JdbcEnvelopeSequenceStore implements EnvelopeSequenceStore {
    private final Jdbc jdbc;

    public JdbcEnvelopeSequenceStore(Database database) {
        this.jdbc = database.jdbc();
    }

    @Override
    public long next(String endpoint) {
        Checks.text("endpoint", endpoint, 255);
        try {
            return increment(endpoint);
        } catch (DuplicateKeyException e) {
            if (jdbc.isInTransaction()) {
                throw e;
            }
            return increment(endpoint); // another node created the counter at the same moment; it exists now
        }
    }

    private long increment(String endpoint) {
        return jdbc.inTransaction(() -> {
            // The UPDATE takes the row lock, so concurrent callers are serialised and each gets its own value.
            if (jdbc.update("UPDATE envelope_sequences SET last_value = last_value + 1 WHERE endpoint = ?", endpoint) == 0) {
                ensureRow(jdbc, endpoint);
                jdbc.update("UPDATE envelope_sequences SET last_value = last_value + 1 WHERE endpoint = ?", endpoint);
            }
            return jdbc.queryLong("SELECT last_value FROM envelope_sequences WHERE endpoint = ?", endpoint);
        });
    }

    @Override
    public OptionalLong current(String endpoint) {
        return jdbc.queryOne("SELECT last_value FROM envelope_sequences WHERE endpoint = ?", r -> r.longValue("last_value"), endpoint)
                .map(OptionalLong::of).orElse(OptionalLong.empty());
    }

    /** Creates the endpoint's counter at 0 if it does not exist (devices get theirs when created). */
    static void ensureRow(Jdbc jdbc, String endpoint) {
        if (jdbc.queryLong("SELECT COUNT(*) FROM envelope_sequences WHERE endpoint = ?", endpoint) == 0) {
            jdbc.update("INSERT INTO envelope_sequences (endpoint, last_value) VALUES (?, 0)", endpoint);
        }
    }
}
