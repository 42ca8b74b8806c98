package io.dtf.api.ci;

import io.dtf.api.task.CIContext;
import java.net.URI;
import java.util.Map;
import java.util.Objects;

/**
 * A test run in a CI system, as {@link CIProvider#createTestRun} made or found it, for the calls that follow. Made
 * of strings, so that a hook may keep it or make it again; a provider finds the same test run again for the same
 * DTF run, so that it need not be kept at all.
 *
 * @param provider the provider's {@value CIProvider#PROPERTY}
 * @param id the CI system's id of the test run (a check run id, an Azure test run id)
 * @param url where people see it, or {@code null}
 * @param context the CI context it belongs to
 * @param attributes what else the provider needs to address it, by its own names; never secrets
 */
public record TestRunHandle(String provider, String id, URI url, CIContext context, Map<String, String> attributes) {
    public TestRunHandle {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(context, "context");
        attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
    }
}
