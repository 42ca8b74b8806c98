package io.dtf.store.jdbc.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dtf.api.DtfException;
import io.dtf.api.ErrorCode;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MigrationsTest {
    @TempDir
    Path dir;

    @Test
    void aNewDatabaseGetsEveryScriptAndASecondStartNone() throws Exception {
        Database db = Database.open(Fixtures.url(dir), "sa", "", 2);
        try {
            assertEquals(versions(), Migrations.migrate(db));
            assertEquals(List.of(), Migrations.migrate(db));
        } finally {
            db.shutdown();
        }
        db = Database.open(Fixtures.url(dir), "sa", "", 2);
        try {
            assertEquals(List.of(), Migrations.migrate(db), "a reopened database is current");
        } finally {
            db.shutdown();
        }
        assertEquals(Migrations.latestVersion(), Fixtures.count(dir, "SELECT COUNT(*) FROM schema_version"));
        assertEquals(Migrations.latestVersion(), Fixtures.count(dir, "SELECT MAX(version) FROM schema_version"));
        assertEquals(List.of("ATTEMPTS", "EVENTS", "EVENT_SUBSCRIPTIONS", "PARKED_EVENTS", "RUNS", "RUN_LABELS", "RUN_OPEN_TASKS",
                "SCHEMA_VERSION", "TASKS", "TEST_CASES"), tables());
        List<String> indexes = indexes();
        for (String index : List.of("TASKS_BY_STATE", "TASKS_BY_RUN", "TASKS_BY_SEQ", "RUNS_BY_SEQ",
                "TEST_CASES_BY_CLASS", "TEST_CASES_BY_TEST_STATUS", "TEST_CASES_BY_ATTEMPT")) {
            assertTrue(indexes.contains(index), index + " in " + indexes);
        }
        assertFalse(indexes.contains("TEST_CASES_BY_TEST"), "replaced by the index with the status (version 7)");
    }

    @Test
    void version2GivesTheTestCasesOfAVersion1DatabaseTheirTopLevelClass() throws Exception {
        Database db = Database.open(Fixtures.url(dir), "sa", "", 2);
        try {
            Migrations.migrate(db);
            db.inTransaction("a version 1 database with test cases", c -> {
                try (Statement s = c.createStatement()) {
                    s.executeUpdate("DELETE FROM schema_version WHERE version >= 2");
                    s.executeUpdate("INSERT INTO runs (id, seq, name, tenant, submitted_at, labels_json) "
                            + "VALUES ('r1', 1, 'p', 'default', 0, '{}')");
                    s.executeUpdate("INSERT INTO tasks (id, run_id, seq, name, type, spec_json, requirements_json, "
                            + "priority, tenant, max_attempts, state, attempt, created_at) "
                            + "VALUES ('r1.1', 'r1', 2, 't', 'junit', '{}', '{}', 0, 'default', 1, 'PASSED', 1, 0)");
                    s.executeUpdate("INSERT INTO test_cases (task_id, attempt, ord, class_name, flaky) VALUES "
                            + "('r1.1', 1, 0, 'a.OuterTest$Inner$Deeper', FALSE), ('r1.1', 1, 1, 'a.BTest', FALSE), "
                            + "('r1.1', 1, 2, NULL, FALSE)");
                }
                return null;
            });
            assertEquals(versions().subList(1, versions().size()), Migrations.migrate(db),
                    "version 2 runs again over the old rows");
        } finally {
            db.shutdown();
        }
        assertEquals(1, Fixtures.count(dir, "SELECT COUNT(*) FROM test_cases WHERE test_class = 'a.OuterTest'"));
        assertEquals(1, Fixtures.count(dir, "SELECT COUNT(*) FROM test_cases WHERE test_class = 'a.BTest'"));
        assertEquals(1, Fixtures.count(dir, "SELECT COUNT(*) FROM test_cases WHERE test_class IS NULL"));
    }

    /** Every version this code knows, in order. */
    private static List<Integer> versions() {
        return Migrations.scripts().stream().map(Migrations.Script::version).toList();
    }

    @Test
    void aSchemaNewerThanTheCodeIsRefused() throws Exception {
        Database db = Database.open(Fixtures.url(dir), "sa", "", 2);
        try {
            Migrations.migrate(db);
            db.inTransaction("pretend", c -> c.createStatement().executeUpdate(
                    "INSERT INTO schema_version (version, description, applied_at) VALUES (99, 'future', 0)"));
            DtfException e = assertThrows(DtfException.class, () -> Migrations.migrate(db));
            assertEquals(ErrorCode.STORE_UNAVAILABLE, e.code());
            assertTrue(e.getMessage().contains("99"), e.getMessage());
        } finally {
            db.shutdown();
        }
    }

    @Test
    void everyScriptOnTheClasspathIsListedInOrder() throws Exception {
        URL folder = Migrations.class.getClassLoader().getResource("db");
        List<String> found;
        try (Stream<Path> files = Files.list(Path.of(folder.toURI()))) {
            found = files.map(p -> "db/" + p.getFileName()).filter(n -> n.endsWith(".sql")).sorted().toList();
        }
        assertEquals(found, Migrations.SCRIPTS);
        List<Migrations.Script> scripts = Migrations.scripts();
        for (int i = 0; i < scripts.size(); i++) {
            assertEquals(i + 1, scripts.get(i).version(), "versions count up from 1 without gaps");
        }
        assertEquals("initial", scripts.get(0).description());
    }

    @Test
    void splitsScriptsIntoStatements() {
        String script = "-- a comment; with a semicolon\nCREATE TABLE a (\n  x INTEGER -- inline\n);\n\n"
                + "CREATE INDEX i ON a (x);\nINSERT INTO a VALUES (1)";
        assertEquals(List.of("CREATE TABLE a (\n  x INTEGER -- inline\n)", "CREATE INDEX i ON a (x)",
                "INSERT INTO a VALUES (1)"), Migrations.statements(script));
    }

    private List<String> tables() throws Exception {
        return names("SELECT TABLE_NAME FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_SCHEMA = 'PUBLIC' ORDER BY 1");
    }

    private List<String> indexes() throws Exception {
        return names("SELECT INDEX_NAME FROM INFORMATION_SCHEMA.INDEXES WHERE TABLE_SCHEMA = 'PUBLIC'");
    }

    private List<String> names(String sql) throws Exception {
        List<String> names = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(Fixtures.url(dir), "sa", "");
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        }
        return names;
    }
}
