package io.dtf.rest.impl.integrations;

import io.dtf.api.ci.CIProviderInfo;
import io.dtf.api.ci.CIProviders;
import io.dtf.api.ci.CIReport;
import io.dtf.api.ci.CIReports;
import io.dtf.api.coordinator.Coordinator;
import io.dtf.api.task.RunId;
import io.dtf.rest.impl.http.Exchange;
import io.dtf.rest.impl.http.Limits;
import io.dtf.rest.impl.http.Query;
import io.dtf.rest.impl.http.RequiredService;
import io.dtf.rest.impl.http.RestError;
import io.dtf.rest.impl.http.Role;
import io.dtf.rest.impl.http.Router;
import io.dtf.api.DtfException;
import io.dtf.api.ErrorCode;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * CI reporting ({@code dtf:ci}, {@code dtf:ci-report}): the providers with their configuration (secrets masked by
 * the lookup) and the latest reports; a run's report sent again on request.
 */
public record CiRoutes(RequiredService<Coordinator> coordinator, Integrations ci, Limits limits) {
    private static final Logger LOG = LoggerFactory.getLogger(CiRoutes.class);
    static final String NOT_RUNNING = "runs are not reported to CI systems: the CI reports bundle (io.dtf.ci.reports, "
            + "feature dtf-ci) is not running";

    public void addTo(Router router) {
        long body = limits.maxBodyBytes();
        router.add("GET", Router.V1 + "/ci", Role.VIEWER, body, Set.of("reports"), this::overview)
                .add("POST", Router.V1 + "/runs/{runId}/ci-report", Role.SUBMITTER, body, Set.of(), this::resend);
    }

    /** {@code GET /ci[?reports=N]}: {@code providers}, {@code reporting} (whether reports are made), {@code reports}. */
    private void overview(Exchange ex) throws IOException {
        Query q = ex.query();
        int limit = q.single("reports") == null ? 20 : q.integer("reports", 0, 1000, 20);
        q.check();
        CIProviders providers = ci.ciProviders().get();
        CIReports reports = ci.ciReports().get();
        List<CIProviderInfo> all = providers == null ? List.of() : providers.all();
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("providers", all);
        answer.put("reporting", reports != null);
        answer.put("reports", reports == null ? List.of() : reports.recent(limit));
        ex.ok(answer);
    }

    /** {@code POST /runs/{runId}/ci-report}: the report made now, with each call's result. */
    private void resend(Exchange ex) throws IOException {
        RunId run = ex.path("runId", RunId::parse);
        ex.query().check();
        coordinator.get().run(run).orElseThrow(() -> DtfException.notFound("run", run));
        CIReports reports = new RequiredService<>(ci.ciReports(), NOT_RUNNING).get();
        CIReport report;
        try {
            report = reports.resend(run);
        } catch (IllegalArgumentException e) {
            throw new RestError(ErrorCode.ILLEGAL_STATE, e.getMessage());
        }
        LOG.info("CI report of run {} sent again over REST by the {}: {}", run.value(), ex.caller.name(),
                report.outcome());
        ex.ok(report);
    }
}
