package io.dtf.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SchedulerSimulationTest {
    private static final List<Workload> SMALL = Workload.standard(7, 0.1);

    @Test
    void everySchedulerRunsEveryTaskOfASmallWorkloadWithSaneFigures() {
        List<List<Simulator.Result>> results = SchedulerSimulation.simulate(SMALL);

        assertTrue(Schedulers.available().containsAll(List.of("fifo", "resource-aware", "deadline")));
        for (int w = 0; w < SMALL.size(); w++) {
            Workload workload = SMALL.get(w);
            Duration lastArrival = workload.arrivals().get(workload.arrivals().size() - 1).at();
            assertEquals(Schedulers.available().size(), results.get(w).size());
            for (Simulator.Result result : results.get(w)) {
                String what = workload.name() + "/" + result.scheduler() + ": " + result;
                assertEquals(0, result.unfinished(), what);
                assertEquals(0, result.refused(), what);
                assertTrue(result.makespan().compareTo(lastArrival) > 0, what);
                assertTrue(Double.isNaN(result.fairness()) || result.fairness() > 0 && result.fairness() <= 1.0000001,
                        what);
                assertTrue(result.missed() >= 0 && result.missed() <= result.withDeadline(), what);
                for (Duration wait : result.p95Wait()) {
                    assertTrue(wait == null || !wait.isNegative() && wait.compareTo(result.makespan()) <= 0, what);
                }
            }
        }
    }

    @Test
    void earliestDeadlineFirstMissesFewerDeadlinesThanFifo() {
        Workload deadlines = Workload.deadlines(7, 0.2);
        Simulator.Result fifo = new Simulator("fifo", deadlines, Schedulers.create("fifo", java.util.Map.of())).run();
        Simulator.Result edf = new Simulator("deadline", deadlines,
                Schedulers.create("deadline", java.util.Map.of())).run();

        assertTrue(edf.missed() < fifo.missed(), "EDF " + edf.missed() + ", FIFO " + fifo.missed());
    }

    @Test
    void theSameSeedGivesTheSameTable() {
        List<Workload> one = List.of(Workload.packing(3, 0.1));
        List<Workload> again = List.of(Workload.packing(3, 0.1));

        assertEquals(SchedulerSimulation.table(one, 3, 0.1), SchedulerSimulation.table(again, 3, 0.1));
    }

    @Test
    void writesTheTableBetweenTheMarkersAndKeepsTheRestOfThePage(@TempDir Path dir) throws IOException {
        Path page = dir.resolve("schedulers.md");
        Files.writeString(page, "# Schedulers\n\nintro\n\n" + SchedulerSimulation.BEGIN + "\nold table\n"
                + SchedulerSimulation.END + "\n\nafter\n");

        SchedulerSimulation.write(page, "new table\n");

        assertEquals("# Schedulers\n\nintro\n\n" + SchedulerSimulation.BEGIN + "\nnew table\n" + SchedulerSimulation.END
                + "\n\nafter\n", Files.readString(page));
    }

    @Test
    void formatsDurationsForTheTable() {
        assertEquals("45s", SchedulerSimulation.format(Duration.ofSeconds(45)));
        assertEquals("12m 05s", SchedulerSimulation.format(Duration.ofSeconds(725)));
        assertEquals("1h 05m", SchedulerSimulation.format(Duration.ofMinutes(65)));
        assertEquals("-", SchedulerSimulation.format(null));
    }
}
