package io.dtf.api.connector;

import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Shows an integration's configuration without its secrets: what the lookups' listings ({@link ConnectorInfo})
 * and any other output of configuration use. The first defence is elsewhere: secrets are configured in private
 * properties (names starting with {@code .}, such as {@code .token = ${env:SLACK_TOKEN}}), which Declarative
 * Services hands to the component but never publishes as service properties. This class masks what slips
 * through: every property whose name says it holds a secret, and passwords in URLs.
 */
public final class SecretProperties {
    /** What a secret is replaced by. */
    public static final String MASK = "****";

    /** Names of properties that hold secrets: tokens, passwords, keys, webhook URLs (their path is the secret). */
    private static final Pattern SECRET_NAME = Pattern.compile(
            "(?i).*(password|passwd|pwd|secret|token|api[-_.]?key|private[-_.]?key|access[-_.]?key|credential"
                    + "|auth|webhook|signing[-_.]?key|cookie|session).*");
    private static final Pattern URL_PASSWORD = Pattern.compile("(?i)(\\b[a-z][a-z0-9+.-]*://[^/@\\s:]+:)([^/@\\s]+)(@)");
    /** Properties of the framework, Declarative Services and File Install: not the instance's configuration. */
    private static final Set<String> FRAMEWORK_PREFIXES = Set.of("service.", "component.", "felix.fileinstall.",
            "objectClass", "osgi.");

    private SecretProperties() {
    }

    /** Whether a property of this name holds a secret (a private property always may). */
    public static boolean isSecret(String name) {
        return name.startsWith(".") || SECRET_NAME.matcher(name).matches();
    }

    /**
     * The configuration as a listing shows it: sorted by name, without the framework's properties
     * ({@code service.*}, {@code component.*}, {@code felix.fileinstall.*}, {@code objectClass}), with every
     * secret masked; arrays become lists.
     */
    public static Map<String, Object> shown(Map<String, ?> properties) {
        Map<String, Object> shown = new TreeMap<>();
        properties.forEach((name, value) -> {
            if (FRAMEWORK_PREFIXES.stream().noneMatch(name::startsWith) && value != null) {
                shown.put(name, isSecret(name) ? MASK : redacted(value));
            }
        });
        return Collections.unmodifiableMap(shown);
    }

    /** The value with passwords in URLs masked, arrays and collections element by element. */
    private static Object redacted(Object value) {
        if (value instanceof String text) {
            return URL_PASSWORD.matcher(text).replaceAll("$1" + MASK + "$3");
        }
        if (value.getClass().isArray()) {
            List<Object> list = new ArrayList<>();
            for (int i = 0; i < Array.getLength(value); i++) {
                list.add(redacted(Array.get(value, i)));
            }
            return List.copyOf(list);
        }
        if (value instanceof Iterable<?> iterable) {
            List<Object> list = new ArrayList<>();
            iterable.forEach(element -> list.add(element == null ? "" : redacted(element)));
            return List.copyOf(list);
        }
        return value;
    }
}
