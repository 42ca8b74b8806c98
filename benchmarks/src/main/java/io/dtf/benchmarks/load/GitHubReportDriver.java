package io.dtf.benchmarks.load;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import io.dtf.api.task.CIContext;
import io.dtf.api.task.Page;
import io.dtf.api.task.RunId;
import io.dtf.api.task.RunSummary;
import io.dtf.api.worker.WorkerState;
import io.dtf.client.DtfClient;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The GitHub report's figures (issue 12), against the real distribution and a WireMock GitHub in this JVM that
 * answers as GitHub's REST reference says: from a run's end (its {@code finishedAt}) to its check run completed and
 * its pull request comment written, the GitHub requests each run costs, and a run of 10,000 failed tests within
 * GitHub's limits (summary and text 65,535 characters, 50 annotations per request, comment 65,536).
 *
 * <pre>
 * mvn -B -q -o -f benchmarks/pom.xml package -Dmaven.test.skip=true
 * java -cp benchmarks/target/benchmarks.jar io.dtf.benchmarks.load.GitHubReportDriver [--runs 40] [--pace-ms 3000]
 *     [--big 10000] [--root .]
 * </pre>
 *
 * Runs go one at a time, paced so that GitHub's documented 80 content-creating requests a minute (the provider's
 * default rate limit, kept here) are not what is measured. The failed tests per run cycle through 0, 1, 49, 50, 51
 * and 120.
 */
public final class GitHubReportDriver {
    private static final String ADMIN = "ci-bench-admin-token-0123456789abcdef";
    private static final int HTTP_PORT = 8493;
    private static final String REPO = "/repos/acme/shop";
    private static final String HEAD = "0123456789abcdef0123456789abcdef01234567";
    private static final int[] FAILED = {0, 1, 49, 50, 51, 120};
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path root;
    private final Path karaf;
    private final int runs;
    private final long paceMillis;
    private final int big;
    private WireMockServer github;
    private DtfClient dtf;

    private GitHubReportDriver(Map<String, String> opts) {
        root = Path.of(opts.getOrDefault("root", ".")).toAbsolutePath().normalize();
        karaf = root.resolve("benchmarks/target/ci-bench/karaf");
        runs = Integer.parseInt(opts.getOrDefault("runs", "40"));
        paceMillis = Long.parseLong(opts.getOrDefault("pace-ms", "3000"));
        big = Integer.parseInt(opts.getOrDefault("big", "10000"));
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            opts.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        GitHubReportDriver driver = new GitHubReportDriver(opts);
        try {
            driver.run();
        } finally {
            driver.stop();
        }
    }

    private void run() throws Exception {
        startGitHub();
        startKaraf();
        CIContext ci = new CIContext("github", "acme/shop", HEAD, "feature/login", 7, "555", null,
                Map.of("apiUrl", github.baseUrl()));
        log("warm-up: 3 runs");
        for (int i = 0; i < 3; i++) {
            report(ci, FAILED[i % FAILED.length]);
        }
        List<Double> latencies = new ArrayList<>();
        List<String> overBudget = new ArrayList<>();
        int mostRequests = 0;
        for (int i = 0; i < runs; i++) {
            long next = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(paceMillis);
            int failed = FAILED[i % FAILED.length];
            Report report = report(ci, failed);
            latencies.add(report.seconds());
            int budget = 3 + (failed + 49) / 50;
            mostRequests = Math.max(mostRequests, report.requests() - budget);
            if (report.requests() > budget) {
                overBudget.add(report.run() + " (" + failed + " failed): " + report.requests() + " > " + budget);
            }
            TimeUnit.NANOSECONDS.sleep(Math.max(0, next - System.nanoTime())); // pacing, not a wait for a condition
        }
        double[] samples = latencies.stream().mapToDouble(Double::doubleValue).toArray();
        System.out.println();
        System.out.println("| figure | measured | target |");
        System.out.println("| --- | --- | --- |");
        System.out.printf(Locale.ROOT, "| run end to check run completed and comment written (%d runs) | p50 %.3f s, p99 %.3f s, max %.3f s | p99 < 2 s |%n",
                samples.length, Stats.percentile(samples, 50), Stats.percentile(samples, 99), Stats.percentile(samples, 100));
        System.out.printf(Locale.ROOT, "| GitHub requests per run | %s | <= 3 + ceil(failed / 50) |%n",
                overBudget.isEmpty() ? "within the budget in every run (most: budget " + (mostRequests >= 0 ? "+" : "")
                        + mostRequests + ")" : "over in " + overBudget);
        if (big > 0) {
            bigRun(ci);
        }
    }

    /** One run with {@code failed} failed tests, from its submission to the end of its report. */
    private Report report(CIContext ci, int failed) throws Exception {
        int before = github.getAllServeEvents().size();
        RunSummary submitted = dtf.submit(plan(failed), "bench.yaml", Map.of(), ci);
        RunId id = submitted.run().id();
        RunSummary finished = awaitFinished(id);
        ServeEvent comment = awaitComment(id.value(), 120);
        ServeEvent completed = lastMatching("PATCH", REPO + "/check-runs/", e -> true);
        Instant reported = later(comment.getRequest().getLoggedDate().toInstant(),
                completed.getRequest().getLoggedDate().toInstant());
        long requests = github.getAllServeEvents().size() - before;
        return new Report(id.value(), (reported.toEpochMilli() - finished.finishedAt().toEpochMilli()) / 1000.0,
                (int) requests);
    }

    private record Report(String run, double seconds, int requests) {
    }

    private void bigRun(CIContext ci) throws Exception {
        log("a run of " + big + " failed tests");
        int before = github.getAllServeEvents().size();
        RunSummary submitted = dtf.submit(plan(big), "bench.yaml", Map.of(), ci);
        String id = submitted.run().id().value();
        RunSummary finished = awaitFinished(submitted.run().id());
        ServeEvent comment = awaitComment(id, 900);
        // the journal lists the newest first
        List<ServeEvent> journal = new ArrayList<>(github.getAllServeEvents());
        List<ServeEvent> events = journal.subList(0, journal.size() - before);
        int annotations = 0;
        int mostPerRequest = 0;
        int patches = 0;
        int longestSummary = 0;
        int longestText = 0;
        for (ServeEvent e : events) {
            if (e.getRequest().getMethod().getName().equals("PATCH") && e.getRequest().getUrl().startsWith(REPO + "/check-runs/")) {
                JsonNode output = JSON.readTree(e.getRequest().getBodyAsString()).path("output");
                patches++;
                annotations += output.path("annotations").size();
                mostPerRequest = Math.max(mostPerRequest, output.path("annotations").size());
                longestSummary = Math.max(longestSummary, output.path("summary").asText().length());
                longestText = Math.max(longestText, output.path("text").asText().length());
            }
        }
        int commentLength = JSON.readTree(comment.getRequest().getBodyAsString()).path("body").asText().length();
        double seconds = (comment.getRequest().getLoggedDate().getTime() - finished.finishedAt().toEpochMilli()) / 1000.0;
        System.out.printf(Locale.ROOT, "| a run of %d failed tests | %d annotations in %d check run updates (at most %d per request), "
                        + "summary %d and text %d characters, comment %d characters, %d requests, reported %.0f s after its end "
                        + "(GitHub's 80 requests a minute) | all failed tests annotated; 50 per request; 65,535; 65,536 |%n",
                big, annotations, patches, mostPerRequest, longestSummary, longestText, commentLength, events.size(), seconds);
    }

    private static String plan(int failed) {
        return "name: api-tests\ntasks:\n  - name: tests\n    type: command\n    reports: [report.xml]\n    command:\n"
                + "      - sh\n      - -c\n      - |\n"
                + "        n=" + failed + "\n"
                + "        { echo '<testsuite name=\"bench.Suite\">'\n"
                + "          echo '<testcase classname=\"bench.Suite\" name=\"passes\" time=\"0.001\"/>'\n"
                + "          i=0; while [ $i -lt $n ]; do\n"
                + "            echo \"<testcase classname=\\\"bench.Suite\\\" name=\\\"fails$i\\\" time=\\\"0.001\\\"><failure message=\\\"expected $i but was -1\\\">at bench.Suite.fails$i(Suite.java:$i)</failure></testcase>\"\n"
                + "            i=$((i+1)); done\n"
                + "          echo '</testsuite>'; } > report.xml\n";
    }

    private RunSummary awaitFinished(RunId id) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (System.nanoTime() < deadline) {
            RunSummary s = dtf.run(id);
            if (s.state().isFinished() && s.finishedAt() != null) {
                return s;
            }
            Thread.sleep(20);
        }
        throw new IllegalStateException(id + " did not finish");
    }

    /** The comment write (POST or PATCH) whose body names the run. */
    private ServeEvent awaitComment(String run, int seconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            Optional<ServeEvent> found = new ArrayList<>(github.getAllServeEvents()).stream()
                    .filter(e -> e.getRequest().getUrl().startsWith(REPO + "/issues/"))
                    .filter(e -> !e.getRequest().getMethod().getName().equals("GET"))
                    .filter(e -> e.getRequest().getBodyAsString().contains("`" + run + "`")).findFirst();
            if (found.isPresent()) {
                return found.get();
            }
            Thread.sleep(5);
        }
        throw new IllegalStateException("no comment for " + run + " within " + seconds + " s");
    }

    private ServeEvent lastMatching(String method, String prefix, java.util.function.Predicate<ServeEvent> also) {
        return new ArrayList<>(github.getAllServeEvents()).stream()
                .filter(e -> e.getRequest().getMethod().getName().equals(method) && e.getRequest().getUrl().startsWith(prefix))
                .filter(also).max(Comparator.comparing(e -> e.getRequest().getLoggedDate())).orElseThrow();
    }

    private static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    private void startGitHub() {
        github = new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1")
                .maxRequestJournalEntries(100_000).containerThreads(16));
        github.start();
        github.stubFor(post(urlEqualTo("/app/installations/77/access_tokens")).willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"token\":\"ghs_benchInstallationToken0123456789abcd\",\"expires_at\":\""
                        + Instant.now().plusSeconds(3600) + "\"}")));
        github.stubFor(post(urlEqualTo(REPO + "/check-runs")).willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"id\":4242,\"html_url\":\"https://github.com/acme/shop/runs/4242\"}")));
        github.stubFor(patch(urlPathMatching(REPO + "/check-runs/[0-9]+")).willReturn(okJson("{\"id\":4242}")));
        github.stubFor(post(urlPathMatching(REPO + "/statuses/.*")).willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json").withBody("{\"id\":1}")));
        github.stubFor(get(urlPathEqualTo(REPO + "/issues/7/comments")).willReturn(okJson("[]")));
        github.stubFor(post(urlEqualTo(REPO + "/issues/7/comments")).willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"id\":901,\"html_url\":\"https://github.com/acme/shop/pull/7#issuecomment-901\"}")));
        github.stubFor(patch(urlEqualTo(REPO + "/issues/comments/901")).willReturn(okJson("{\"id\":901}")));
        log("WireMock GitHub at " + github.baseUrl());
    }

    private void startKaraf() throws Exception {
        Path assembly = root.resolve("karaf-distribution/target/assembly");
        if (!Files.isDirectory(assembly.resolve("bin"))) {
            throw new IllegalStateException("build the distribution first: no " + assembly);
        }
        LoadDriver.sh("rm -rf '" + karaf + "' && mkdir -p '" + karaf.getParent() + "' && cp -a '" + assembly + "' '"
                + karaf + "' && rm -rf '" + karaf.resolve("data") + "'");
        LoadDriver.setProperty(karaf, "etc/org.apache.karaf.shell.cfg", "sshPort", "8491");
        LoadDriver.setProperty(karaf, "etc/org.apache.karaf.management.cfg", "rmiRegistryPort", "1491");
        LoadDriver.setProperty(karaf, "etc/org.apache.karaf.management.cfg", "rmiServerPort", "44791");
        LoadDriver.setProperty(karaf, "etc/org.ops4j.pax.web.cfg", "org.osgi.service.http.port", String.valueOf(HTTP_PORT));
        LoadDriver.setProperty(karaf, "etc/io.dtf.rest.cfg", ".tokens", "admin:" + ADMIN);
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048);
        Path key = karaf.resolve("github-app.pem");
        Files.writeString(key, "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(rsa.generateKeyPair().getPrivate().getEncoded()) + "\n-----END PRIVATE KEY-----\n");
        String cfg = "etc/io.dtf.ci.github-bench.cfg";
        LoadDriver.setProperty(karaf, cfg, "apiUrl", github.baseUrl());
        LoadDriver.setProperty(karaf, cfg, "appId", "12345");
        LoadDriver.setProperty(karaf, cfg, "installationId", "77");
        LoadDriver.setProperty(karaf, cfg, ".privateKey", key.toString());
        log("starting " + karaf);
        LoadDriver.sh("'" + karaf.resolve("bin/start") + "'");
        dtf = DtfClient.connect(URI.create("http://127.0.0.1:" + HTTP_PORT), ADMIN);
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        while (true) {
            try {
                if (dtf.isReady() && dtf.workers(Page.FIRST).items().stream()
                        .anyMatch(w -> w.state() == WorkerState.IDLE || w.state() == WorkerState.BUSY)) {
                    break;
                }
            } catch (RuntimeException e) {
                // not yet
            }
            if (System.nanoTime() > end) {
                throw new IllegalStateException("Karaf was not ready within 180 s; see " + karaf.resolve("data/log"));
            }
            Thread.sleep(500);
        }
        log("ready");
    }

    private void stop() {
        String base = "-Dkaraf.base=" + karaf;
        ProcessHandle.allProcesses().filter(p -> p.info().arguments().map(a -> List.of(a).contains(base)).orElse(false))
                .forEach(ProcessHandle::destroyForcibly);
        if (github != null) {
            github.stop();
        }
    }

    private static void log(String message) {
        System.out.println("[ci-bench " + Instant.now() + "] " + message);
    }
}
