package io.dtf.notify.impl.groups;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dtf.api.notify.Severity;
import io.dtf.notify.impl.config.RouteSettings;
import io.dtf.notify.impl.events.EventRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GroupsTest {
    private static final Instant T0 = Instant.parse("2026-12-07T10:00:00Z");

    private static final RouteSettings TEAM = new RouteSettings(List.of("team"), null, List.of("run"),
            RouteSettings.DEFAULTS.groupWait(), RouteSettings.DEFAULTS.groupInterval(),
            RouteSettings.DEFAULTS.repeatInterval(), RouteSettings.DEFAULTS.closeAfter());

    @TempDir
    Path directory;

    @Test
    void aLineCutShortByACrashIsDroppedAndTheJournalGoesOnAfterIt() throws Exception {
        Groups groups = new Groups(directory);
        Group group = groups.open("route{run=\"r1\"}", "route", TEAM, Map.of("run", "r1"), T0);
        groups.add(group, event("r1.1:1:TASK_FAILED"), T0);
        Flush flush = groups.flush(group, Flush.Kind.FIRST, T0);
        groups.shutdown();
        Path journal = journal();
        Files.writeString(journal, "{\"op\":\"event\",\"at\":\"2026-12-07T10:00:01Z\",\"ev", StandardOpenOption.APPEND);

        Groups again = new Groups(directory);
        again.load();
        Group resumed = again.get("route{run=\"r1\"}");
        assertEquals(group.instance(), resumed.instance(), "the same group, so the same thread and notification ids");
        assertEquals(1, resumed.seq());
        assertEquals(List.of(flush.seq()), resumed.unfinished().stream().map(Flush::seq).toList(),
                "the notification no channel confirmed is sent again");
        again.add(resumed, event("r1.2:1:TASK_FAILED"), T0.plusSeconds(2));
        again.shutdown();

        Groups third = new Groups(directory);
        third.load();
        Group last = third.get("route{run=\"r1\"}");
        assertTrue(last.holds("r1.1:1:TASK_FAILED") && last.holds("r1.2:1:TASK_FAILED"));
        assertEquals(List.of("r1.2:1:TASK_FAILED"), last.waiting().stream().map(EventRecord::id).toList());
        third.shutdown();
    }

    @Test
    void aStormOfTenThousandEventsKeepsAHundredCountsEveryOneAndLeavesAJournalOfOneLine() throws Exception {
        Groups groups = new Groups(directory);
        Group group = groups.open("route{run=\"r1\"}", "route", TEAM, Map.of("run", "r1"), T0);
        for (int i = 1; i <= 10_000; i++) {
            groups.add(group, event("r1." + i + ":1:TASK_FAILED"), T0);
        }
        groups.add(group, new EventRecord("r1:RUN_COMPLETED", "RUN_COMPLETED", Severity.CRITICAL, T0,
                Map.of("run", "r1"), "run failed", null, List.of(), 0, List.of(), null), T0);
        assertEquals(Group.LISTED, group.waiting().size(), "the next message lists what it can, no more is kept");
        assertEquals(Group.LISTED, group.listed().size());
        assertEquals(10_001, group.waitingCount());
        List<String> waiting = new ArrayList<>();
        groups.forEachWaiting(group, e -> waiting.add(e.id()));
        assertEquals(10_001, waiting.size(), "the others are read from the journal");
        assertEquals("r1:RUN_COMPLETED", waiting.get(10_000));

        Flush flush = groups.flush(group, Flush.Kind.FIRST, T0.plusSeconds(30));
        assertEquals(new Tally(10_001, Map.of("TASK_FAILED", 10_000L, "RUN_COMPLETED", 1L), Severity.CRITICAL,
                Map.of("run", "r1"), null), flush.tally());
        assertEquals(Group.LISTED, flush.events().size());
        Path journal = journal();
        assertEquals(1, Files.readAllLines(journal).size(), "the journal is the group's state alone");
        assertTrue(Files.size(journal) < 500_000, Files.size(journal) + " bytes");
        assertTrue(group.holds("r1.9999:1:TASK_FAILED"));
        groups.shutdown();

        Groups again = new Groups(directory);
        again.load();
        Group resumed = again.get("route{run=\"r1\"}");
        assertEquals(10_001, resumed.keptCount());
        assertEquals(0, resumed.waitingCount());
        assertEquals(flush.tally(), resumed.unfinished().iterator().next().tally(), "the message not sent yet, whole");
        assertTrue(resumed.holds("r1.9999:1:TASK_FAILED"), "a delivery again is told from a new event");
        again.shutdown();
    }

    private Path journal() throws Exception {
        try (var files = Files.list(directory)) {
            return files.filter(f -> f.toString().endsWith(".journal")).findFirst().orElseThrow();
        }
    }

    private static EventRecord event(String id) {
        return new EventRecord(id, "TASK_FAILED", Severity.ERROR, T0, Map.of("run", "r1"), "task failed", null,
                List.of(), 0, List.of(), null);
    }
}
