package io.dtf.benchmarks;

import io.dtf.api.scheduler.SchedulerPlugin;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Runs every scheduler on the same synthetic workloads ({@link Workload#standard}) with a fixed
 * seed and a simulated clock, and writes the comparison table into {@code docs/schedulers.md}
 * between its {@value #BEGIN} and {@value #END} markers (the rest of the page is left as it is).
 *
 * <pre>
 * mvn -q -pl benchmarks -am package -DskipTests
 * java -cp benchmarks/target/benchmarks.jar io.dtf.benchmarks.SchedulerSimulation [--out docs/schedulers.md]
 *     [--seed 20261127] [--scale 1]
 * </pre>
 */
public final class SchedulerSimulation {
    static final String BEGIN = "<!-- simulation:begin -->";
    static final String END = "<!-- simulation:end -->";
    static final long SEED = 20261127L;

    private SchedulerSimulation() {
    }

    public static void main(String[] args) throws IOException {
        Path out = Path.of("docs/schedulers.md");
        long seed = SEED;
        double scale = 1;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--out" -> out = Path.of(args[i + 1]);
                case "--seed" -> seed = Long.parseLong(args[i + 1]);
                case "--scale" -> scale = Double.parseDouble(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + "; options: --out FILE, --seed N, --scale X");
            }
        }
        String table = table(Workload.standard(seed, scale), seed, scale);
        System.out.print(table);
        write(out, table);
        System.out.println("written to " + out);
    }

    /** Simulates every available scheduler on each workload. */
    static List<List<Simulator.Result>> simulate(List<Workload> workloads) {
        List<List<Simulator.Result>> results = new ArrayList<>();
        for (Workload workload : workloads) {
            List<Simulator.Result> row = new ArrayList<>();
            for (String name : Schedulers.available()) {
                row.add(new Simulator(name, workload, scheduler(name, workload)).run());
            }
            results.add(row);
        }
        return results;
    }

    /** The scheduler as its default configuration makes it; fair-share knows the workload's weights. */
    static SchedulerPlugin scheduler(String name, Workload workload) {
        if (name.equals("fair-share")) {
            String[] weights = workload.weights().entrySet().stream()
                    .map(weight -> weight.getKey() + "=" + weight.getValue()).toArray(String[]::new);
            return Schedulers.create(name, Map.of("weights", weights));
        }
        return Schedulers.create(name, Map.of());
    }

    static String table(List<Workload> workloads, long seed, double scale) {
        List<List<Simulator.Result>> results = simulate(workloads);
        StringBuilder text = new StringBuilder();
        text.append(String.format(Locale.ROOT, "Seed %d, scale %s. Wait: arrival to start, 95th percentile, by "
                + "priority band. Fairness: Jain's index of slot-time per unit of weight while every tenant had "
                + "tasks queued (\"-\": less than 1%% of the time).%n", seed, scale));
        for (int w = 0; w < workloads.size(); w++) {
            Workload workload = workloads.get(w);
            text.append(String.format(Locale.ROOT, "%n### %s%n%n%s; %d tasks.%n%n", workload.name(),
                    workload.description(), workload.arrivals().size()));
            text.append("| scheduler | makespan | fairness | deadline misses | p95 wait 0-3 | p95 wait 4-6 "
                    + "| p95 wait 7-9 |\n");
            text.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: |\n");
            for (Simulator.Result result : results.get(w)) {
                text.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s |%n", result.scheduler(),
                        format(result.makespan()) + (result.unfinished() > 0 ? " (" + result.unfinished()
                                + " never ran)" : ""),
                        Double.isNaN(result.fairness()) ? "-" : String.format(Locale.ROOT, "%.3f", result.fairness()),
                        result.withDeadline() == 0 ? "-" : String.format(Locale.ROOT, "%d of %d (%.1f%%)",
                                result.missed(), result.withDeadline(), 100.0 * result.missed() / result.withDeadline()),
                        format(result.p95Wait()[0]), format(result.p95Wait()[1]), format(result.p95Wait()[2])));
            }
        }
        return text.toString();
    }

    /** {@code 1h 05m}, {@code 12m 30s}, {@code 45s}; {@code -} for none. */
    static String format(Duration duration) {
        if (duration == null) {
            return "-";
        }
        long seconds = Math.round(duration.toMillis() / 1000.0);
        if (seconds >= 3600) {
            return String.format(Locale.ROOT, "%dh %02dm", seconds / 3600, seconds % 3600 / 60);
        }
        if (seconds >= 60) {
            return String.format(Locale.ROOT, "%dm %02ds", seconds / 60, seconds % 60);
        }
        return seconds + "s";
    }

    /** Puts the table between the markers of the page, or at its end when it has none. */
    static void write(Path page, String table) throws IOException {
        String text = Files.exists(page) ? Files.readString(page, StandardCharsets.UTF_8) : "";
        int begin = text.indexOf(BEGIN);
        int end = text.indexOf(END);
        String block = BEGIN + "\n" + table + END;
        String updated = begin >= 0 && end > begin
                ? text.substring(0, begin) + block + text.substring(end + END.length())
                : text + (text.isEmpty() || text.endsWith("\n") ? "" : "\n") + block + "\n";
        if (page.getParent() != null) {
            Files.createDirectories(page.getParent());
        }
        Files.writeString(page, updated, StandardCharsets.UTF_8);
    }
}
