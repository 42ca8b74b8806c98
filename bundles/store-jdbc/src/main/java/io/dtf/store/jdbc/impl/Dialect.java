package io.dtf.store.jdbc.impl;

import java.util.List;
import java.util.Locale;

/**
 * The few places where H2 and PostgreSQL differ; every other statement of the store, and the
 * migration scripts, are plain SQL that both accept.
 */
enum Dialect {
    H2 {
        @Override
        String nextValue(String sequence) {
            return "SELECT NEXT VALUE FOR " + sequence;
        }

        @Override
        String nextValues(String sequence) {
            return "SELECT NEXT VALUE FOR " + sequence + " FROM SYSTEM_RANGE(1, ?)";
        }

        @Override
        List<String> sessionSetup() {
            // WRITE_DELAY 0: MVStore writes each commit to the file before commit returns, so that a
            // killed JVM loses nothing committed (the default, 500 ms, loses the last half second).
            // Row locks wait up to 10 s instead of 1 s: contended tasks wait rather than fail.
            return List.of("SET WRITE_DELAY 0", "SET DEFAULT_LOCK_TIMEOUT 10000", "SET LOCK_TIMEOUT 10000");
        }

        @Override
        String migrationLock() {
            return null; // an embedded database has one process; DDL commits at once anyway
        }

        @Override
        String shutdown() {
            return "SHUTDOWN";
        }
    },
    POSTGRESQL {
        @Override
        String nextValue(String sequence) {
            return "SELECT nextval('" + sequence + "')";
        }

        @Override
        String nextValues(String sequence) {
            return "SELECT nextval('" + sequence + "') FROM generate_series(1, ?)";
        }

        @Override
        List<String> sessionSetup() {
            return List.of();
        }

        @Override
        String migrationLock() {
            // several coordinators may start at once on one database: migrate one at a time
            return "SELECT pg_advisory_xact_lock(74658301)";
        }

        @Override
        String shutdown() {
            return null;
        }
    };

    /** A query returning the next value of {@code sequence}. */
    abstract String nextValue(String sequence);

    /** A query with one parameter, a count, returning that many next values of {@code sequence}. */
    abstract String nextValues(String sequence);

    /** Statements run once, on the first connection, before anything else. */
    abstract List<String> sessionSetup();

    /** A statement that serializes migrations across processes inside a transaction, or {@code null}. */
    abstract String migrationLock();

    /** A statement that closes the database cleanly, or {@code null}. */
    abstract String shutdown();

    static Dialect ofProduct(String productName) {
        String name = productName == null ? "" : productName.toLowerCase(Locale.ROOT);
        if (name.contains("h2")) {
            return H2;
        }
        if (name.contains("postgres")) {
            return POSTGRESQL;
        }
        throw new IllegalArgumentException("unsupported database: " + productName + " (H2 and PostgreSQL are)");
    }
}
