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
 * The stable identity of a test across attempts and runs, such as {@code 3f2a9c0e1b7d4a65}: the first 64 bits of
 * the SHA-256 of its class and its name, in hex. The name is the one the JUnit XML report gives, parameters
 * included ({@code add(int, int)[2]}, {@code test_login[chrome]}), so each parameter set is a test of its own; the
 * class is the report's {@code classname}, or the suite when the report has none (pytest, go). A hash rather than
 * the readable {@code class#name}: it is short and of one length whatever the name (parameterized names run to
 * kilobytes, longer than an index key may be), needs no escaping in a URL, and makes the store's index small.
 */
public record TestId(String value) {
    private static final Pattern FORM = Pattern.compile("[0-9a-f]{16}");

    public TestId {
        Objects.requireNonNull(value, "value");
    }

    public static TestId of(String value) {
        return new TestId(value);
    }

    /** The id of the test named {@code name} in class {@code className} (either may be {@code null}). */
    public static TestId of(String className, String name) {
        String key = (className == null ? "" : className.strip()) + '\n' + (name == null ? "" : name.strip());
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return new TestId(HexFormat.of().formatHex(hash, 0, 8));
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
                    + " is not a test id (16 hexadecimal digits, e.g. 3f2a9c0e1b7d4a65)");
        }
        return new TestId(text);
    }

    @Override
    public String toString() {
        return value;
    }
}
