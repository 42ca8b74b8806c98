package io.dtf.store.jdbc.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dtf.api.DtfException;
import io.dtf.api.ErrorCode;
import io.dtf.api.task.RunId;
import io.dtf.api.task.RunSummary;
import io.dtf.api.task.StoredTestCase;
import io.dtf.api.task.Task;
import io.dtf.api.task.TaskId;
import io.dtf.api.task.TaskState;
import io.dtf.api.task.TestCaseQuery;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DatabaseTest {
    @TempDir
    Path dir;

    /** A child JVM commits and dies without closing anything; everything it committed is there. */
    @ParameterizedTest
    @ValueSource(strings = {"halt", "kill"})
    void whatWasCommittedSurvivesAKilledJvm(String death) throws Exception {
        String url = Fixtures.url(dir);
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process child = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                DurabilityChild.class.getName(), url, death).redirectErrorStream(true).start();
        List<String> output = new ArrayList<>();
        RunId run = null;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                output.add(line);
                if (line.startsWith(DurabilityChild.COMMITTED)) {
                    run = RunId.of(line.substring(DurabilityChild.COMMITTED.length()));
                    if (death.equals("kill")) {
                        child.destroyForcibly(); // SIGKILL
                    }
                    break;
                }
            }
        }
        assertTrue(child.waitFor(60, TimeUnit.SECONDS), "the child did not end");
        assertNotNull(run, "the child never committed: " + output);
        assertEquals(death.equals("halt") ? 9 : 137, child.exitValue(), String.join("\n", output));

        JdbcTaskStore store = Fixtures.open(dir);
        try {
            RunSummary summary = store.runSummary(run).orElseThrow();
            assertEquals(3, summary.counts().total());
            assertEquals(1, summary.counts().get(TaskState.FAILED));
            assertEquals(1, summary.counts().get(TaskState.CANCELLED));
            assertEquals(1, summary.counts().get(TaskState.LEASED));
            assertEquals(2, summary.testCases());
            assertEquals(1, summary.failedTestCases());
            Task first = store.task(TaskId.of(run, 1)).orElseThrow();
            assertEquals(TaskState.FAILED, first.state());
            assertEquals(2, first.result().testCases().size());
            assertEquals(TaskState.FAILED, store.attempts(first.id()).get(0).state());
            List<StoredTestCase> cases = store.testCases(new TestCaseQuery(run, null, null, null));
            assertEquals(List.of("t1", "t2"), cases.stream().map(c -> c.result().name()).toList());
            // H2 hands out sequence values in cached blocks: after a crash it skips ahead, never back
            long next = Long.parseLong(store.nextRunId().value().substring(1));
            assertTrue(next > Long.parseLong(run.value().substring(1)), "run ids are never reused: r" + next);
        } finally {
            store.deactivate();
        }
    }

    @Test
    void failuresBecomeStoreUnavailableWithoutThePassword() {
        String url = Fixtures.url(dir);
        Database db = Database.open(url, "admin", "s3cr3t-Pw", 2);
        db.shutdown();

        DtfException wrong = assertThrows(DtfException.class, () -> Database.open(url, "admin", "s3cr3t-Pw-wrong", 2));
        assertEquals(ErrorCode.STORE_UNAVAILABLE, wrong.code());
        assertFalse(wrong.getMessage().contains("s3cr3t"), wrong.getMessage());

        DtfException inUrl = assertThrows(DtfException.class,
                () -> Database.open(url + ";PASSWORD=s3cr3t-Pw-x", "admin", "", 2));
        assertFalse(inUrl.getMessage().contains("s3cr3t"), inUrl.getMessage());

        DtfException unsupported = assertThrows(DtfException.class,
                () -> Database.open("jdbc:oracle:thin:user/s3cr3t@db", "admin", "s3cr3t", 1));
        assertEquals(ErrorCode.STORE_UNAVAILABLE, unsupported.code());
        assertFalse(unsupported.getMessage().contains("s3cr3t"), unsupported.getMessage());
    }

    @Test
    void aFailedTransactionIsRolledBackAndReported() {
        Database db = Database.open(Fixtures.url(dir), "sa", "pw", 2);
        try {
            db.inTransaction("setup", c -> c.createStatement().execute("CREATE TABLE t (v INTEGER PRIMARY KEY)"));
            DtfException e = assertThrows(DtfException.class, () -> db.inTransaction("two rows", c -> {
                try (Statement s = c.createStatement()) {
                    s.executeUpdate("INSERT INTO t VALUES (1)");
                    s.executeUpdate("INSERT INTO t VALUES (1)");
                }
                return null;
            }));
            assertEquals(ErrorCode.STORE_UNAVAILABLE, e.code());
            assertTrue(e.getMessage().startsWith("task store: two rows failed: "), e.getMessage());
            assertInstanceOf(SQLException.class, e.getCause());
            assertEquals(0, (int) db.read("count", c -> {
                try (Statement s = c.createStatement(); var rs = s.executeQuery("SELECT COUNT(*) FROM t")) {
                    rs.next();
                    return rs.getInt(1);
                }
            }), "the first row was rolled back");
        } finally {
            db.shutdown();
        }
    }

    @Test
    void deadlocksAndSerializationFailuresAreRetried() {
        Database db = Database.open(Fixtures.url(dir), "sa", "", 2);
        try {
            int[] calls = {0};
            int result = db.inTransaction("flaky", c -> {
                if (++calls[0] < 3) {
                    throw new SQLException("deadlock", "40001");
                }
                return 42;
            });
            assertEquals(42, result);
            assertEquals(3, calls[0]);

            calls[0] = 0;
            assertThrows(DtfException.class, () -> db.inTransaction("hopeless", c -> {
                calls[0]++;
                throw new SQLException("deadlock", "40P01");
            }));
            assertEquals(3, calls[0], "three tries in all");

            calls[0] = 0;
            assertThrows(DtfException.class, () -> db.inTransaction("broken", c -> {
                calls[0]++;
                throw new SQLException("syntax", "42000");
            }));
            assertEquals(1, calls[0], "other failures are not retried");
        } finally {
            db.shutdown();
        }
    }

    @Test
    void redactsPasswordsAndPasswordSettings() {
        assertEquals("jdbc:h2:file:/x;PASSWORD=***;CIPHER=AES", Database.redact("jdbc:h2:file:/x;PASSWORD=abc;CIPHER=AES", ""));
        assertEquals("jdbc:postgresql://db/dtf?user=u&password=***&ssl=true",
                Database.redact("jdbc:postgresql://db/dtf?user=u&password=hunter2&ssl=true", null));
        assertEquals("login *** refused", Database.redact("login hunter2 refused", "hunter2"));
        assertNull(Database.redact(null, "x"));
    }

    @Test
    void h2StartsWithoutWriteDelay() {
        String compact = ";MAX_COMPACT_TIME=" + Database.COMPACT_AT_CLOSE_MILLIS;
        assertEquals("jdbc:h2:async:/x/store;WRITE_DELAY=0;QUERY_CACHE_SIZE=64" + compact,
                Database.h2Url("jdbc:h2:file:/x/store"));
        assertEquals("jdbc:h2:async:/x/store;write_delay=0;QUERY_CACHE_SIZE=64" + compact,
                Database.h2Url("jdbc:h2:file:/x/store;write_delay=0"));
        assertEquals("jdbc:h2:async:/x/store;query_cache_size=0;WRITE_DELAY=0" + compact,
                Database.h2Url("jdbc:h2:file:/x/store;query_cache_size=0"));
        assertEquals("jdbc:h2:async:/x/store;max_compact_time=10;WRITE_DELAY=0;QUERY_CACHE_SIZE=64",
                Database.h2Url("jdbc:h2:file:/x/store;max_compact_time=10"));
        assertEquals("jdbc:h2:mem:x;WRITE_DELAY=0;QUERY_CACHE_SIZE=64" + compact, Database.h2Url("jdbc:h2:mem:x"));
    }

    @Test
    void knowsItsDialect() {
        Database db = Database.open(Fixtures.url(dir), "sa", "", 1);
        try {
            assertEquals(Dialect.H2, db.dialect());
            assertEquals(Dialect.POSTGRESQL, Dialect.ofProduct("PostgreSQL"));
            assertThrows(IllegalArgumentException.class, () -> Dialect.ofProduct("Oracle"));
        } finally {
            db.shutdown();
        }
    }
}
