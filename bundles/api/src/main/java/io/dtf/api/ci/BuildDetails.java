package io.dtf.api.ci;

import java.net.URI;
import java.util.Map;
import java.util.Objects;

/**
 * A CI build as its system describes it ({@link CIProvider#buildDetails}).
 *
 * @param name what people call it there: the workflow and job ({@code build-and-test / test #4321})
 * @param state its state in the CI system's words ({@code running}, {@code passed})
 * @param url where people see it, or {@code null}
 * @param attributes more of what the system says (pipeline number, trigger, author), by its own names; never secrets
 */
public record BuildDetails(String name, String state, URI url, Map<String, String> attributes) {
    public BuildDetails {
        Objects.requireNonNull(name, "name");
        state = state == null ? "" : state;
        attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
    }
}
