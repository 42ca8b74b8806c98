package io.dtf.coordinator.impl.lookup;

import static io.dtf.coordinator.impl.lookup.Registrations.configured;
import static io.dtf.coordinator.impl.lookup.Registrations.registered;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dtf.api.ci.CICapability;
import io.dtf.api.ci.CIProvider;
import io.dtf.api.ci.CIProviderInfo;
import io.dtf.api.ci.CommitStatus;
import io.dtf.api.ci.BuildStatus;
import io.dtf.api.connector.ExternalSystemException;
import io.dtf.api.connector.ExternalSystemResult.Status;
import io.dtf.api.task.CIContext;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class CIProviderLookupTest {
    private static final String PROPERTY = CIProvider.PROPERTY;
    private static final CIContext GHE = new CIContext("github", "https://ghe.example.com/web/shop", "abc", "main", 7,
            "42", null, Map.of());
    private static final CIContext GITHUB_COM = new CIContext("github", "web/shop", "abc", "main", 7, "42", null,
            Map.of());
    private static final CommitStatus STATUS = new CommitStatus("dtf/api", BuildStatus.SUCCESS, "ok", null);

    private final CIProviderLookup lookup = new CIProviderLookup(Duration.ofMillis(200));

    /** A provider that reports runs of repositories on one host, and says which it is through its comment URL. */
    private static CIProvider onHost(String host, CompletableFuture<Void> statusAnswer) {
        return new CIProvider() {
            @Override
            public Set<CICapability> capabilities() {
                return Set.of(CICapability.BUILD_STATUS, CICapability.PR_COMMENT);
            }

            @Override
            public boolean accepts(CIContext context) {
                return host.equals(URI.create(context.repository()).getHost());
            }

            @Override
            public CompletableFuture<Void> setBuildStatus(CIContext context, CommitStatus status) {
                return statusAnswer;
            }

            @Override
            public CompletableFuture<URI> upsertPrComment(CIContext context, String key, String markdown) {
                return CompletableFuture.completedFuture(URI.create("https://" + host + "/comment"));
            }
        };
    }

    private static Throwable failureOf(CompletableFuture<?> future) {
        return assertThrows(ExecutionException.class, () -> future.get(5, TimeUnit.SECONDS)).getCause();
    }

    @Test
    void theProviderOfAContextIsTheFirstInstanceOfItsNameThatAcceptsIt() throws Exception {
        CIProvider broken = new CIProvider() {
            @Override
            public Set<CICapability> capabilities() {
                throw new IllegalStateException("no token");
            }

            @Override
            public boolean accepts(CIContext context) {
                throw new IllegalStateException("no token");
            }
        };
        lookup.bindProvider(broken, configured(PROPERTY, "github", "io.dtf.ci.github", "broken", "service.ranking", 9));
        lookup.bindProvider(onHost("ghe.example.com", new CompletableFuture<>()),
                configured(PROPERTY, "github", "io.dtf.ci.github", "enterprise"));
        lookup.bindProvider(new CIProvider() {
            @Override
            public Set<CICapability> capabilities() {
                return Set.of(CICapability.TEST_RUNS);
            }
        }, configured(PROPERTY, "github", "io.dtf.ci.github", "public"));

        URI comment = lookup.forContext(GHE).orElseThrow().upsertPrComment(GHE, "k", "x").get(5, TimeUnit.SECONDS);
        assertEquals("ghe.example.com", comment.getHost(), "the broken one is passed over, the enterprise one accepts");
        assertEquals(Set.of(CICapability.TEST_RUNS), lookup.forContext(GITHUB_COM).orElseThrow().capabilities());
        assertTrue(lookup.forContext(new CIContext("gitlab", "g/p", null, null, null, null, null, null)).isEmpty());
        assertTrue(lookup.byName("github").isPresent());
        assertTrue(lookup.byName("jenkins").isEmpty());
    }

    @Test
    void theListingShowsEachInstanceAndWhyOneCannotBeUsed() {
        lookup.bindProvider(() -> {
            throw new IllegalStateException("no token");
        }, configured(PROPERTY, "gitlab", "io.dtf.ci.gitlab", "main", "token", "glpat-secret-value"));
        lookup.bindProvider(() -> Set.of(CICapability.BUILD_STATUS), registered(PROPERTY, "jenkins"));

        List<CIProviderInfo> all = lookup.all();

        assertEquals(2, all.size());
        CIProviderInfo gitlab = all.stream().filter(info -> info.provider().equals("gitlab")).findFirst().orElseThrow();
        assertEquals("main", gitlab.instance());
        assertTrue(gitlab.capabilities().isEmpty());
        assertTrue(gitlab.problem().contains("no token"), gitlab.problem());
        assertFalse(all.toString().contains("glpat-secret"), all.toString());
        CIProviderInfo jenkins = all.stream().filter(info -> info.provider().equals("jenkins")).findFirst().orElseThrow();
        assertEquals("jenkins", jenkins.instance());
        assertNull(jenkins.problem());
    }

    @Test
    void aCallRunningWhenItsProviderGoesAwayFailsRetryably() {
        Map<String, Object> properties = registered(PROPERTY, "github");
        CIProvider provider = onHost("ghe.example.com", new CompletableFuture<>());
        lookup.bindProvider(provider, properties);
        CompletableFuture<Void> call = lookup.byName("github").orElseThrow().setBuildStatus(GHE, STATUS);

        lookup.unbindProvider(provider, properties);

        ExternalSystemException gone = assertInstanceOf(ExternalSystemException.class, failureOf(call));
        assertTrue(gone.retryable());
        assertEquals(Status.UNAVAILABLE, gone.result().status());
    }

    @Test
    void aProviderThatThrowsFailsItsFutureInstead() {
        lookup.bindProvider(new CIProvider() {
            @Override
            public Set<CICapability> capabilities() {
                return Set.of(CICapability.BUILD_STATUS);
            }

            @Override
            public CompletableFuture<Void> setBuildStatus(CIContext context, CommitStatus status) {
                throw new NullPointerException("description");
            }
        }, registered(PROPERTY, "github"));
        CIProvider github = lookup.byName("github").orElseThrow();

        ExternalSystemException thrown = assertInstanceOf(ExternalSystemException.class,
                failureOf(github.setBuildStatus(GHE, STATUS)));
        assertFalse(thrown.retryable(), "a defect is not retried");
        ExternalSystemException unsupported = assertInstanceOf(ExternalSystemException.class,
                failureOf(github.uploadArtifact(null, null, "log")));
        assertEquals("unsupported_operation", unsupported.result().errorCode(), "the SPI's default passes through");
    }
}
