package io.dtf.worker.impl.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dtf.api.task.TaskAttempt;
import io.dtf.api.task.TaskId;
import io.dtf.worker.impl.TestTasks;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Records of real processes, and later lives of the worker that find them. */
class ProcessRecordsTest {
    private static final TaskAttempt ATTEMPT = new TaskAttempt(TaskId.of("r1.2"), 1);

    @TempDir
    Path dir;

    private final List<Process> started = new ArrayList<>();
    private final List<ProcessRecords> lives = new ArrayList<>();

    @AfterEach
    void cleanUp() {
        started.forEach(p -> ProcessTree.kill(p.toHandle(), Duration.ofSeconds(1)));
        lives.forEach(ProcessRecords::close);
    }

    private Process start(String script) throws IOException {
        Process p = new ProcessBuilder("sh", "-c", script).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        started.add(p);
        return p;
    }

    /** A life of the worker on the folder. */
    private ProcessRecords life() {
        ProcessRecords records = ProcessRecords.takeOver(dir);
        lives.add(records);
        return records;
    }

    /**
     * Whether the process has ended, once this JVM has reaped it: the next life counts a process ended as soon as it
     * is a zombie, and Java's {@code isAlive} is true until its reaper thread has collected the exit (a CI run failed
     * on that moment). A process left running fails after 10 s.
     */
    private static boolean ended(Process process) throws InterruptedException {
        return process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
    }

    private String journal() throws IOException {
        return Files.readString(dir.resolve(ProcessRecords.JOURNAL));
    }

    @Test
    void aNewLifeEndsTheProcessTreeItsPreviousLifeLeftRunning() throws Exception {
        Process tree = start("sleep 300 & sleep 300");
        TestTasks.await("both sleeps run", Duration.ofSeconds(5), () -> tree.toHandle().children().count() == 2);
        List<ProcessHandle> sleeps = tree.toHandle().children().toList();
        ProcessRecords first = life();
        first.record(ATTEMPT, tree.toHandle());
        // the worker dies: its lock goes with its JVM, the record stays
        first.close();
        assertTrue(journal().startsWith("started " + tree.pid() + " "), journal());

        life();
        assertTrue(ProcessTree.isGone(tree.toHandle()), "the recorded process is ended");
        assertTrue(sleeps.stream().allMatch(ProcessTree::isGone), "and its descendants");
        assertEquals("", journal(), "the new life starts with no records");
    }

    @Test
    void aRecordWhosePidBelongsToAnotherProcessNowLeavesThatProcessAlone() throws Exception {
        Process other = start("sleep 300");
        ProcessRecords first = life();
        first.record(ATTEMPT, other.toHandle());
        first.close();
        // as if the recorded process had ended and the system had given its PID to this one later
        String[] words = journal().split(" ", 4);
        Instant earlier = Instant.parse(words[2]).minus(ProcessRecords.SAME_START).minusMillis(500);
        Files.writeString(dir.resolve(ProcessRecords.JOURNAL), String.join(" ", words[0], words[1], earlier.toString(),
                words[3]));

        life();
        assertTrue(other.isAlive(), "a process that started later than the recorded one is another process");
        assertEquals("", journal());
    }

    @Test
    void anEndedAttemptsRecordsGoAndAProcessThatOutlivesItsAttemptIsEndedByTheNextLife() throws Exception {
        ProcessRecords records = life();
        Process quick = start("sleep 0.2");
        records.record(ATTEMPT, quick.toHandle());
        quick.waitFor();
        records.forget(ATTEMPT);
        assertEquals("", journal(), "nothing runs: the journal is empty");

        Process stubborn = start("sleep 300");
        TaskAttempt other = new TaskAttempt(TaskId.of("r1.3"), 2);
        records.record(other, stubborn.toHandle());
        Process quicker = start("sleep 0.2");
        records.record(ATTEMPT, quicker.toHandle());
        quicker.waitFor();
        records.forget(ATTEMPT);
        assertTrue(journal().endsWith("ended " + quicker.pid() + " " + journal().split("\n")[1].split(" ")[2] + "\n"),
                journal());
        records.forget(other); // its executor could not stop it
        assertTrue(stubborn.isAlive());

        records.close();
        life();
        assertTrue(ended(stubborn), "the next life ends what outlived its attempt");
    }

    @Test
    void aLongJournalIsWrittenAnewWithTheProcessesThatRunOnly() throws Exception {
        ProcessRecords records = life();
        Process longOne = start("sleep 300");
        records.record(new TaskAttempt(TaskId.of("r2.1"), 1), longOne.toHandle());
        Process shortOne = start("sleep 0.5");
        int attempts = 10_000; // about 1.3 MB of lines
        for (int i = 1; i <= attempts; i++) {
            records.record(new TaskAttempt(TaskId.of("r3." + i), 1), shortOne.toHandle());
        }
        shortOne.waitFor();
        for (int i = 1; i <= attempts; i++) {
            records.forget(new TaskAttempt(TaskId.of("r3." + i), 1));
        }
        assertTrue(Files.size(dir.resolve(ProcessRecords.JOURNAL)) < 1 << 20, "written anew once it grew too long");
        records.close();
        life();
        assertTrue(ended(longOne), "the process that runs on is still recorded after that");
    }

    @Test
    void aFolderInUseByAnotherWorkerIsNotTakenOver() throws Exception {
        Process running = start("sleep 300");
        life().record(ATTEMPT, running.toHandle());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> ProcessRecords.takeOver(dir));
        assertTrue(e.getMessage().startsWith("another worker uses " + dir.toRealPath()), e.getMessage());
        assertTrue(running.isAlive(), "the other worker's process runs on");
    }

    @Test
    void aLineCutShortByTheCrashEndsNothing() throws Exception {
        Files.writeString(dir.resolve(ProcessRecords.JOURNAL), "started " + ProcessHandle.current().pid() + " 2026-");
        life();
        assertEquals("", journal(), "this JVM, whose PID the line names, runs on");
    }
}
