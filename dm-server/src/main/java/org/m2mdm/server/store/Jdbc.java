package org.m2mdm.server.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * A tiny JDBC template: parameterised queries mapped row by row, updates, and transactions.
 * A transaction binds its connection to the current thread so that every query and update
 * issued inside it (also from other stores) joins it; outside a transaction each call runs
 * on its own auto-committed connection.
 */
public final class Jdbc {

    /** Maps the current row of a result set to a value. */
    @FunctionalInterface
    public interface RowMapper<T> {
        T map(Row row) throws SQLException;
    }

    /** Consumes the current row of a result set. */
    @FunctionalInterface
    public interface RowConsumer {
        void accept(Row row) throws SQLException;
    }

    /** Work run inside a transaction. */
    @FunctionalInterface
    public interface TransactionWork<T> {
        T run() throws SQLException;
    }

    private final DataSource dataSource;
    private final ThreadLocal<Connection> current = new ThreadLocal<>();

    public Jdbc(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** All rows of a query. */
    public <T> List<T> query(String sql, RowMapper<T> mapper, Object... args) {
        return withConnection(c -> {
            try (PreparedStatement ps = prepare(c, sql, args); ResultSet rs = ps.executeQuery()) {
                List<T> out = new ArrayList<>();
                Row row = new Row(rs);
                while (rs.next()) {
                    out.add(mapper.map(row));
                }
                return out;
            }
        });
    }

    /** Feeds every row of a query to the consumer (for aggregations that build a map or a set). */
    public void each(String sql, RowConsumer consumer, Object... args) {
        query(sql, r -> {
            consumer.accept(r);
            return Boolean.TRUE;
        }, args);
    }

    /** The first row of a query, if any. */
    public <T> Optional<T> queryOne(String sql, RowMapper<T> mapper, Object... args) {
        List<T> rows = query(sql, mapper, args);
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
    }

    /** A single long (e.g. a count); 0 when the query returns no row or NULL. */
    public long queryLong(String sql, Object... args) {
        return queryOne(sql, r -> r.longOrZero(1), args).orElse(0L);
    }

    /** Executes an INSERT/UPDATE/DELETE and returns the affected row count. */
    public int update(String sql, Object... args) {
        return withConnection(c -> {
            try (PreparedStatement ps = prepare(c, sql, args)) {
                return ps.executeUpdate();
            }
        });
    }

    /**
     * Runs work in one transaction: commits when it returns, rolls back when it throws.
     * Nested calls join the outer transaction.
     */
    public <T> T inTransaction(TransactionWork<T> work) {
        if (current.get() != null) {
            try {
                return work.run();
            } catch (SQLException e) {
                throw StoreException.from(e);
            }
        }
        try (Connection c = dataSource.getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            current.set(c);
            try {
                T result = work.run();
                c.commit();
                return result;
            } catch (SQLException e) {
                rollback(c);
                throw StoreException.from(e);
            } catch (RuntimeException | Error e) {
                rollback(c);
                throw e;
            } finally {
                current.remove();
                c.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw StoreException.from(e);
        }
    }

    /** A clock whose instants have the database's precision (microseconds), for records built before insert. */
    public static java.time.Clock databasePrecision(java.time.Clock clock) {
        return java.time.Clock.tick(clock, java.time.Duration.ofNanos(1000));
    }

    /** Whether the current thread is inside {@link #inTransaction}. */
    public boolean isInTransaction() {
        return current.get() != null;
    }

    /** Convenience for transactions without a result. */
    public void inTransaction(Runnable work) {
        inTransaction(() -> {
            work.run();
            return null;
        });
    }

    private static void rollback(Connection c) {
        try {
            c.rollback();
        } catch (SQLException ignored) {
            // the original failure is the one worth reporting
        }
    }

    private interface ConnectionWork<T> {
        T run(Connection c) throws SQLException;
    }

    private <T> T withConnection(ConnectionWork<T> work) {
        Connection bound = current.get();
        try {
            if (bound != null) {
                return work.run(bound);
            }
            try (Connection c = dataSource.getConnection()) {
                return work.run(c);
            }
        } catch (SQLException e) {
            throw StoreException.from(e);
        }
    }

    private static PreparedStatement prepare(Connection c, String sql, Object[] args) throws SQLException {
        PreparedStatement ps = c.prepareStatement(sql);
        try {
            for (int i = 0; i < args.length; i++) {
                bind(ps, i + 1, args[i]);
            }
            return ps;
        } catch (SQLException | RuntimeException e) {
            ps.close();
            throw e;
        }
    }

    private static void bind(PreparedStatement ps, int index, Object value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.NULL);
        } else if (value instanceof Instant instant) {
            // Both H2 and PostgreSQL keep microseconds; truncate so what is read back equals what was written.
            ps.setObject(index, instant.truncatedTo(java.time.temporal.ChronoUnit.MICROS).atOffset(ZoneOffset.UTC));
        } else if (value instanceof Enum<?> e) {
            ps.setString(index, e.name());
        } else {
            ps.setObject(index, value);
        }
    }

    /** Typed access to the current row; NULL-aware where the Java type has no null. */
    public static final class Row {
        private final ResultSet rs;

        Row(ResultSet rs) {
            this.rs = rs;
        }

        public String str(String column) throws SQLException {
            return rs.getString(column);
        }

        public int integer(String column) throws SQLException {
            return rs.getInt(column);
        }

        public long longValue(String column) throws SQLException {
            return rs.getLong(column);
        }

        /** NULL becomes null. */
        public Long nullableLong(String column) throws SQLException {
            long v = rs.getLong(column);
            return rs.wasNull() ? null : v;
        }

        long longOrZero(int index) throws SQLException {
            long v = rs.getLong(index);
            return rs.wasNull() ? 0L : v;
        }

        public boolean bool(String column) throws SQLException {
            return rs.getBoolean(column);
        }

        /** NULL becomes null. */
        public Instant instant(String column) throws SQLException {
            OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
            return t == null ? null : t.toInstant();
        }

        /** NULL becomes null. */
        public <E extends Enum<E>> E enumValue(String column, Class<E> type) throws SQLException {
            String s = rs.getString(column);
            return s == null ? null : Enum.valueOf(type, s);
        }
    }
}
