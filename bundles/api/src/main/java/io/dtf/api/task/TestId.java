package io.dtf.api.task;

import io.dtf.api.DtfException;
import io.dtf.api.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The stable identity of a test across attempts and runs, such as {@code 9c1e04b2a1f3d5e7c9b0}: 20 hex digits, the
 * first 32 bits of the SHA-256 of its class, then the first 48 bits of the SHA-256 of its class and name. The name
 * is the one the JUnit XML report gives, parameters included ({@code add(int, int)[2]}, {@code test_login[chrome]}),
 * so each parameter set is a test of its own; the class is the report's {@code classname}, or the suite when the
 * report has none (pytest, go).
 *
 * <p>Hashes rather than the readable {@code class#name}: of one short length whatever the name (parameterized names
 * run to kilobytes, longer than an index key may be), no escaping in a URL, a small index. The class's hash comes
 * first so that the tests of one class sit together in the store's index of test ids: a task reports its tests class
 * by class, so that the index pages one commit writes are about one per class rather than one per test case.
 */
public record TestId(String value) {
    private static final Pattern FORM = Pattern.compile("[0-9a-f]{20}");

    public TestId {
        Objects.requireNonNull(value, "value");
    }

    public static TestId of(String value) {
        return new TestId(value);
    }

    /** The id of the test named {@code name} in class {@code className} (either may be {@code null}). */
    public static TestId of(String className, String name) {
        String type = className == null ? "" : className.strip();
        String key = type + '\n' + (name == null ? "" : name.strip());
        HexFormat hex = HexFormat.of();
        return new TestId(hex.formatHex(sha256(type), 0, 4) + hex.formatHex(sha256(key), 0, 6));
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** The id of a test case as reported: its class, or its suite when it has none, and its name. */
    public static TestId of(TestCaseResult test) {
        String className = test.className() == null || test.className().isBlank() ? test.suite() : test.className();
        return of(className, test.name());
    }

    /**
     * A test id given by a person or a client, checked.
     *
     * @throws DtfException {@link ErrorCode#INVALID_ARGUMENT} naming the text when it is not a test id
     */
    public static TestId parse(String text) {
        if (text == null || !FORM.matcher(text).matches()) {
            throw new DtfException(ErrorCode.INVALID_ARGUMENT, RunId.quote(text)
                    + " is not a test id (20 hexadecimal digits, e.g. 9c1e04b2a1f3d5e7c9b0)");
        }
        return new TestId(text);
    }

    @Override
    public String toString() {
        return value;
    }
}
