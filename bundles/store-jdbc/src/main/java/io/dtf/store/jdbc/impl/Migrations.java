package io.dtf.store.jdbc.impl;

import io.dtf.api.DtfException;
import io.dtf.api.ErrorCode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The versioned schema. {@code schema_version} records each applied script; at start every script
 * of {@link #SCRIPTS} with a higher version is applied, in order, each in its own transaction (on
 * H2, DDL commits at once, so scripts are written to be safe to run again).
 */
final class Migrations {
    /** Every migration script, in version order. Add new ones at the end; never change a released one. */
    static final List<String> SCRIPTS = List.of("db/V1__initial.sql", "db/V2__test_class_durations.sql",
            "db/V3__preempted_attempts.sql", "db/V4__events.sql", "db/V5__run_context.sql",
            "db/V6__test_results.sql", "db/V7__test_status_index.sql");

    private static final Pattern NAME = Pattern.compile("db/V(\\d+)__(\\w+)\\.sql");

    /** One script. */
    record Script(int version, String description, String resource) {
    }

    private Migrations() {
    }

    static List<Script> scripts() {
        List<Script> scripts = new ArrayList<>();
        for (String resource : SCRIPTS) {
            Matcher m = NAME.matcher(resource);
            if (!m.matches()) {
                throw new IllegalStateException("migration script not named db/V<n>__<description>.sql: " + resource);
            }
            int version = Integer.parseInt(m.group(1));
            if (!scripts.isEmpty() && version <= scripts.get(scripts.size() - 1).version()) {
                throw new IllegalStateException("migration scripts out of order at " + resource);
            }
            scripts.add(new Script(version, m.group(2).replace('_', ' '), resource));
        }
        return scripts;
    }

    /** The latest version this code knows. */
    static int latestVersion() {
        List<Script> scripts = scripts();
        return scripts.get(scripts.size() - 1).version();
    }

    /**
     * Brings the schema up to date.
     *
     * @return the versions applied now, in order; empty when the schema was current
     */
    static List<Integer> migrate(Database db) {
        db.inTransaction("creating schema_version", c -> {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE IF NOT EXISTS schema_version ("
                        + "version INTEGER NOT NULL PRIMARY KEY, "
                        + "description VARCHAR(200) NOT NULL, "
                        + "applied_at BIGINT NOT NULL)");
            }
            return null;
        });
        int current = db.read("reading the schema version", Migrations::currentVersion);
        if (current > latestVersion()) {
            throw new DtfException(ErrorCode.STORE_UNAVAILABLE, "the database schema has version " + current
                    + ", newer than this bundle knows (" + latestVersion() + "): install a newer io.dtf.store.jdbc");
        }
        List<Integer> applied = new ArrayList<>();
        for (Script script : scripts()) {
            if (script.version() <= current) {
                continue;
            }
            String sql = load(script.resource());
            boolean done = db.inTransaction("migration " + script.resource(), c -> apply(c, db.dialect(), script, sql));
            if (done) {
                applied.add(script.version());
            }
        }
        return applied;
    }

    private static boolean apply(Connection c, Dialect dialect, Script script, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            if (dialect.migrationLock() != null) {
                s.execute(dialect.migrationLock());
            }
            if (currentVersion(c) >= script.version()) {
                return false; // another process applied it while we waited for the lock
            }
            for (String statement : statements(sql)) {
                s.execute(statement);
            }
        }
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO schema_version (version, description, applied_at) VALUES (?, ?, ?)")) {
            ps.setInt(1, script.version());
            ps.setString(2, script.description());
            ps.setLong(3, Columns.micros(Instant.now()));
            ps.executeUpdate();
        }
        return true;
    }

    static int currentVersion(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT MAX(version) FROM schema_version")) {
            rs.next();
            return rs.getInt(1); // 0 when empty
        }
    }

    /** The statements of a script: {@code --} comment lines dropped, split at semicolons that end a line. */
    static List<String> statements(String script) {
        List<String> statements = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : script.split("\\R")) {
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("--")) {
                continue;
            }
            current.append(line).append('\n');
            if (trimmed.endsWith(";")) {
                String statement = current.toString().strip();
                statements.add(statement.substring(0, statement.length() - 1).strip());
                current.setLength(0);
            }
        }
        if (!current.toString().isBlank()) {
            statements.add(current.toString().strip());
        }
        return statements;
    }

    private static String load(String resource) {
        try (InputStream in = Migrations.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("migration script missing from the bundle: " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }
}
