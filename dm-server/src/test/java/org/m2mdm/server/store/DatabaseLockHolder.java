package org.m2mdm.server.store;

import java.nio.file.Path;

/**
 * Run in a separate JVM by {@link DatabaseTest}: holds the embedded database open until stdin closes.
 * With a second argument, first commits a row with that endpoint and reports it, so the parent can
 * kill the process right after the commit.
 */
public final class DatabaseLockHolder {
    private DatabaseLockHolder() {
    }

    public static void main(String[] args) throws Exception {
        try (Database db = Database.open(DatabaseConfig.embedded(Path.of(args[0])))) {
            db.jdbc().queryLong("SELECT COUNT(*) FROM tenants");
            if (args.length > 1) {
                db.jdbc().update("INSERT INTO envelope_sequences (endpoint, last_value) VALUES (?, 41)", args[1]);
                System.out.println("COMMITTED");
            }
            System.out.println("OPEN");
            System.out.flush();
            while (System.in.read() >= 0) {
                // wait for the parent to close our stdin
            }
        }
    }
}
