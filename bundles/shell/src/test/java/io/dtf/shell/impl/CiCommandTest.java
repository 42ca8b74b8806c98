package io.dtf.shell.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dtf.api.ci.CICapability;
import io.dtf.api.ci.CIReport;
import io.dtf.api.ci.CIReport.Outcome;
import io.dtf.api.ci.CIReport.Phase;
import io.dtf.api.ci.CIReport.Step;
import io.dtf.api.ci.CIReports;
import io.dtf.api.task.RunId;
import io.dtf.testkit.FakeCIProvider;
import io.dtf.testkit.FakeCIProviders;
import io.dtf.testkit.FakeCoordinator;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.karaf.shell.support.CommandException;
import org.junit.jupiter.api.Test;

class CiCommandTest {
    private static final CIReport DELIVERED = new CIReport(RunId.of("r7"), "api-tests", "github", "acme/shop", Phase.END,
            Instant.now(), Outcome.DELIVERED, List.of(new Step("completeTestRun", "OK",
            URI.create("https://github.com/acme/shop/runs/42")), new Step("upsertPrComment", "OK",
            URI.create("https://github.com/acme/shop/pull/7#issuecomment-9"))), null);
    private static final CIReport REFUSED = new CIReport(RunId.of("r8"), "ui-tests", "gitlab", "acme/web", Phase.END,
            Instant.now(), Outcome.REFUSED, List.of(new Step("setBuildStatus", "REJECTED http_401: 401 Unauthorized", null)),
            null);

    /** The reports bundle as the commands see it: recent reports, and a resend that answers as told. */
    private static final class Reports implements CIReports {
        final List<RunId> resent = new ArrayList<>();

        @Override
        public List<CIReport> recent(int limit) {
            return List.of(REFUSED, DELIVERED).subList(0, Math.min(limit, 2));
        }

        @Override
        public CIReport resend(RunId run) {
            resent.add(run);
            if (!run.equals(RunId.of("r7"))) {
                throw new IllegalArgumentException("run " + run.value() + " carries no CI context: it reports nowhere");
            }
            return DELIVERED;
        }
    }

    @Test
    void providersAndTheLatestReportsAreListedWithHowTheyEnded() throws Exception {
        CiCommand ci = new CiCommand();
        ci.providers = new FakeCIProviders().add("github", new FakeCIProvider()
                .capabilities(CICapability.TEST_RUNS, CICapability.PR_COMMENT));
        ci.reports = new Reports();
        String out = run(ci);
        assertTrue(out.contains("github") && out.contains("test runs") && out.contains("pr comment"), out);
        assertTrue(out.contains("r8") && out.contains("refused") && out.contains("setBuildStatus: REJECTED http_401"), out);
        assertTrue(out.contains("delivered") && out.contains("https://github.com/acme/shop/runs/42"), out);

        ci.reports = null;
        assertTrue(run(ci).contains("the CI reports bundle (io.dtf.ci.reports, feature dtf-ci) is not running"));
        ci.providers = new FakeCIProviders();
        assertTrue(run(ci).contains("No CI provider: install the dtf-ci feature"));
    }

    @Test
    void ciReportSendsARunAgainAndNamesWhyItCannot() throws Exception {
        FakeCoordinator coordinator = new FakeCoordinator();
        coordinator.addRun("r7", "api-tests");
        coordinator.addRun("r9", "local");
        Reports reports = new Reports();
        CiReportCommand command = new CiReportCommand();
        command.coordinator = coordinator;
        command.reports = reports;
        command.runId = "r7";
        String out = run(command);
        assertTrue(out.startsWith("Run r7 (api-tests) to github acme/shop, as at its end: delivered"), out);
        assertTrue(out.contains("https://github.com/acme/shop/pull/7#issuecomment-9"), out);

        command.runId = "r9";
        CommandException local = assertThrows(CommandException.class, command::execute);
        assertEquals("Error DTF-1010: run r9 carries no CI context: it reports nowhere", local.getNiceHelp());
        command.runId = "r404";
        CommandException unknown = assertThrows(CommandException.class, command::execute);
        assertEquals("Error DTF-1004: run 'r404' does not exist", unknown.getNiceHelp());
        assertEquals(List.of(RunId.of("r7"), RunId.of("r9")), reports.resent);
    }

    private static String run(DtfAction cmd) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            cmd.run(out);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
