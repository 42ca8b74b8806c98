package io.dtf.http;

import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Keeps secrets out of logs and messages. {@link #redact(String)} masks every value registered with
 * {@link #register(String)} (the tokens and passwords DTF was configured with) and whatever looks like
 * a credential: {@code Authorization} headers, bearer tokens, {@code password=}/{@code token:}/
 * {@code "apiKey": "..."} pairs, passwords and signatures in URLs, and tokens of well-known shapes (GitHub, GitLab,
 * Slack, AWS, JWT). Every message DTF's HTTP code logs or throws goes through it.
 */
public final class Secrets {
    /** What a secret is replaced by. */
    public static final String MASK = "****";
    /** Shorter values are not registered: masking them would garble ordinary text. */
    static final int MIN_REGISTERED_LENGTH = 6;

    private static final Set<String> REGISTERED = ConcurrentHashMap.newKeySet();

    private static final Pattern AUTHORIZATION = Pattern.compile(
            "(?i)(\\b(?:proxy-)?authorization\\b[\"']?\\s*[:=]\\s*[\"']?)(?:(bearer|basic|token|digest)\\s+)?([^\\s\"',;]+)");
    /** A bearer credential: long, or with a digit; "bearer token" in prose is left alone. */
    private static final Pattern BEARER = Pattern.compile(
            "(?i)(\\bbearer\\s+)([A-Za-z0-9._~+/=-]{16,}|(?=[A-Za-z._~+/=-]*[0-9])[A-Za-z0-9._~+/=-]{6,})");
    private static final Pattern KEY_VALUE = Pattern.compile(
            "(?i)([\"']?\\b[\\w.-]*?(?:token|password|passwd|pwd|secret|api[_-]?key|access[_-]?key|private[_-]?key"
                    + "|credentials?)[\"']?\\s*(?:=|:)\\s*)(\"[^\"]*\"|'[^']*'|[^\\s&,;\"'}\\])]+)");
    /**
     * Query parameters that carry credentials under short names the pattern above does not know: Azure's
     * SAS {@code sig}, signed URLs' {@code signature}, {@code key} (Google), OAuth's {@code code}.
     */
    private static final Pattern QUERY_SECRET = Pattern.compile(
            "(?i)([?&](?:sig|signature|x-amz-signature|key|code|auth)=)([^&#\\s\"']+)");
    private static final Pattern URL_PASSWORD = Pattern.compile("(?i)(\\b[a-z][a-z0-9+.-]*://[^/@\\s:]+:)([^/@\\s]+)(@)");
    private static final Pattern KNOWN_SHAPES = Pattern.compile(
            "\\b(?:gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,}|glpat-[A-Za-z0-9_-]{20,}"
                    + "|xox[abposr]-[A-Za-z0-9-]{10,}|AKIA[0-9A-Z]{16}"
                    + "|eyJ[A-Za-z0-9_-]{8,}\\.eyJ[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]{8,})");
    /**
     * What stands where a credential would but is none: a placeholder ({@code <token>}) or the next key
     * of a hint ({@code a token: Authorization: Bearer <token>}).
     */
    private static final Pattern NOT_A_SECRET = Pattern.compile("<[^<>\\s]+>|[A-Za-z-]+:");
    private static final Pattern ENV_REFERENCE = Pattern.compile("\\$\\{env:([A-Za-z_][A-Za-z0-9_]*)}");

    private Secrets() {
    }

    /**
     * Remembers a secret value so that {@link #redact(String)} masks it wherever it appears. Values
     * shorter than 6 characters are ignored. Returns the value, for use in assignments.
     */
    public static String register(String secret) {
        if (secret != null && secret.strip().length() >= MIN_REGISTERED_LENGTH) {
            REGISTERED.add(secret.strip());
        }
        return secret;
    }

    /** Forgets a value given to {@link #register(String)}. */
    public static void unregister(String secret) {
        if (secret != null) {
            REGISTERED.remove(secret.strip());
        }
    }

    /** The text with every secret masked; {@code null} stays {@code null}. */
    public static String redact(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String s = text;
        for (String secret : REGISTERED) {
            if (s.contains(secret)) {
                s = s.replace(secret, MASK);
            }
        }
        s = replace(AUTHORIZATION, s, m -> m.group(1) + (m.group(2) == null ? "" : m.group(2) + " ")
                + masked(m.group(3)));
        s = replace(BEARER, s, m -> m.group(1) + MASK);
        s = replace(KEY_VALUE, s, m -> m.group(1) + (NOT_A_SECRET.matcher(m.group(2)).matches() ? m.group(2)
                : quoted(m.group(2))));
        s = replace(QUERY_SECRET, s, m -> m.group(1) + MASK);
        s = replace(URL_PASSWORD, s, m -> m.group(1) + MASK + m.group(3));
        s = replace(KNOWN_SHAPES, s, m -> MASK);
        return s;
    }

    /** An exception's class and message, and those of its causes, redacted: for one-line log messages. */
    public static String redact(Throwable failure) {
        if (failure == null) {
            return null;
        }
        StringBuilder text = new StringBuilder();
        Throwable t = failure;
        for (int depth = 0; t != null && depth < 5; depth++) {
            text.append(depth == 0 ? "" : "; caused by ").append(t.getClass().getSimpleName());
            if (t.getMessage() != null) {
                text.append(": ").append(t.getMessage());
            }
            t = t.getCause() == t ? null : t.getCause();
        }
        return redact(text.toString());
    }

    /**
     * Resolves {@code ${env:NAME}} references, the form DTF configuration uses for secrets; a variable
     * that is not set resolves to the empty string. Other text is kept as it is.
     */
    public static String resolve(String value, Map<String, String> environment) {
        return resolve(value, environment::get);
    }

    /** {@link #resolve(String, Map)} with the environment as a function (e.g. {@code System::getenv}). */
    public static String resolve(String value, Function<String, String> environment) {
        Objects.requireNonNull(environment, "environment");
        if (value == null || !value.contains("${env:")) {
            return value;
        }
        return replace(ENV_REFERENCE, value, m -> {
            String v = environment.apply(m.group(1));
            return v == null ? "" : v;
        });
    }

    private static String masked(String value) {
        return NOT_A_SECRET.matcher(value).matches() ? value : MASK;
    }

    private static String quoted(String value) {
        if (value.length() >= 2 && (value.startsWith("\"") || value.startsWith("'"))) {
            char quote = value.charAt(0);
            return quote + MASK + quote;
        }
        return MASK;
    }

    private static String replace(Pattern pattern, String text, Function<Matcher, String> replacement) {
        Matcher m = pattern.matcher(text);
        if (!m.find()) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        do {
            m.appendReplacement(out, Matcher.quoteReplacement(replacement.apply(m)));
        } while (m.find());
        m.appendTail(out);
        return out.toString();
    }
}
