package io.dtf.client.impl.ci;

import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/** Variables (of the environment or a properties file) as the CI systems set them: blank is unset. */
final class Env {
    private final Map<String, String> variables;

    Env(Map<String, String> variables) {
        this.variables = variables;
    }

    /** A Java properties file's entries; none when it cannot be parsed. */
    static Env ofProperties(String text) {
        Properties properties = new Properties();
        try {
            properties.load(new StringReader(text));
        } catch (IOException | IllegalArgumentException e) {
            return new Env(Map.of());
        }
        Map<String, String> entries = new LinkedHashMap<>();
        properties.stringPropertyNames().forEach(name -> entries.put(name, properties.getProperty(name)));
        return new Env(entries);
    }

    /** The stripped value, or {@code null} when it is unset or blank. */
    String get(String name) {
        String value = variables.get(name);
        return value == null || value.isBlank() ? null : value.strip();
    }

    boolean has(String name) {
        return get(name) != null;
    }

    /** Whether the variable is {@code true}, in any case ({@code TF_BUILD=True}). */
    boolean isTrue(String name) {
        return "true".equalsIgnoreCase(get(name));
    }

    /** A positive whole number, or {@code null} ({@code TRAVIS_PULL_REQUEST=false}). */
    Integer number(String name) {
        return positive(get(name));
    }

    /** The attributes named by {@code pairs} (attribute name, variable), those set. */
    Map<String, String> attributes(String... pairs) {
        Map<String, String> attributes = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            String value = get(pairs[i + 1]);
            if (value != null) {
                attributes.put(pairs[i], value);
            }
        }
        return attributes;
    }

    /** A positive whole number, or {@code null}. */
    static Integer positive(String text) {
        if (text == null || !text.strip().matches("[0-9]{1,9}")) {
            return null;
        }
        int number = Integer.parseInt(text.strip());
        return number > 0 ? number : null;
    }

    /** The first value that is set, or {@code null}. */
    static String first(String... values) {
        for (String value : values) {
            if (value != null && !value.isBlank()) {
                return value.strip();
            }
        }
        return null;
    }

    /**
     * The branch a ref names: {@code refs/heads/main} and {@code main} as {@code main}; another ref
     * ({@code refs/pull/1/merge}, {@code refs/tags/v1}) as {@code null}.
     */
    static String branchOfRef(String ref) {
        if (ref == null || !ref.startsWith("refs/")) {
            return ref;
        }
        return ref.startsWith("refs/heads/") ? ref.substring("refs/heads/".length()) : null;
    }

    /** A URL without its user information (where CI systems may put a token); the text as it is when not a URL. */
    static String withoutUserInfo(String url) {
        if (url == null) {
            return null;
        }
        try {
            URI uri = URI.create(url);
            if (uri.getRawUserInfo() == null) {
                return url;
            }
            return new URI(uri.getScheme(), null, uri.getHost(), uri.getPort(), uri.getPath(), uri.getQuery(),
                    uri.getFragment()).toString();
        } catch (IllegalArgumentException | URISyntaxException e) {
            // scp-like git@host:owner/repo.git has a user but no password; user:password@... loses both
            int at = url.lastIndexOf('@');
            return at > 0 && url.substring(0, at).contains(":") ? url.substring(at + 1) : url;
        }
    }

    /** An absolute http(s) URL without user information, or {@code null}. */
    static URI webUrl(String text) {
        if (text == null) {
            return null;
        }
        try {
            URI uri = URI.create(withoutUserInfo(text.strip()));
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            return (scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null ? uri : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
