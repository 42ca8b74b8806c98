package io.dtf.worker.impl.junit;

import io.dtf.api.task.TestCaseResult;
import io.dtf.api.task.TestCaseStatus;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Reads JUnit XML reports: Maven Surefire/Failsafe (with re-runs and flaky tests), pytest
 * {@code --junitxml}, jest-junit, go-junit-report, and nested suites. DTDs and external entities are
 * refused. Thread safe.
 *
 * <p>A test case keeps its {@code <properties>} (test management ids: a TestRail case, a Jira key) and those of
 * its enclosing suites, its own winning, except a suite's properties that are the JVM's system properties: Surefire,
 * Failsafe and JUnit's console launcher write every system property there ({@code java.version},
 * {@code user.dir}, ...), which says nothing about one test and would be kept with each. Its {@code <system-out>}
 * and {@code <system-err>} are kept as excerpts of {@link TestCaseResult#OUTPUT_LIMIT} characters, read without
 * holding more than twice that.
 */
public final class JUnitXmlParser {
    /** A parser of the JDK's own (the one found through the context class loader could be anything). */
    private static XMLInputFactory factory() {
        XMLInputFactory factory = XMLInputFactory.newDefaultFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        factory.setProperty(XMLInputFactory.IS_COALESCING, true);
        return factory;
    }

    /** The test cases of a report file. */
    public List<TestCaseResult> parse(Path report) throws IOException {
        try (InputStream in = Files.newInputStream(report)) {
            return parse(in, report.toString());
        }
    }

    /**
     * The test cases of a report.
     *
     * @throws IOException when it cannot be read or is not well-formed XML; {@code source} and the
     *     position are in the message
     */
    public List<TestCaseResult> parse(InputStream in, String source) throws IOException {
        XMLStreamReader xml = null;
        try {
            // a factory per report: XMLInputFactory is not specified to be thread safe
            xml = factory().createXMLStreamReader(in);
            return read(xml);
        } catch (XMLStreamException e) {
            String where = e.getLocation() == null ? ""
                    : ":" + e.getLocation().getLineNumber() + ":" + e.getLocation().getColumnNumber();
            throw new IOException(source + where + ": " + message(e), e);
        } finally {
            if (xml != null) {
                try {
                    xml.close();
                } catch (XMLStreamException e) {
                    // nothing left to read
                }
            }
        }
    }

    private static String message(XMLStreamException e) {
        String m = e.getMessage() == null ? e.toString() : e.getMessage();
        // the JDK prefixes "ParseError at [row,col]:[..]\nMessage: "
        int at = m.lastIndexOf("Message: ");
        return at >= 0 ? m.substring(at + "Message: ".length()) : m;
    }

    /** A test case being read. */
    private static final class Case {
        String suite;
        String className;
        String name;
        Duration time;
        TestCaseStatus status = TestCaseStatus.PASSED;
        String message;
        String details;
        boolean flaky;
        final Map<String, String> properties = new LinkedHashMap<>();
        String systemOut;
        String systemErr;

        TestCaseResult toResult(Deque<Map<String, String>> suiteProperties) {
            Map<String, String> all = new LinkedHashMap<>();
            suiteProperties.forEach(all::putAll);
            all.putAll(properties);
            return new TestCaseResult(suite, className, name, status, time, message, details,
                    flaky && status == TestCaseStatus.PASSED, all, systemOut, systemErr);
        }
    }

    private List<TestCaseResult> read(XMLStreamReader xml) throws XMLStreamException {
        List<TestCaseResult> cases = new ArrayList<>();
        Deque<String> suites = new ArrayDeque<>();
        Deque<Map<String, String>> suiteProperties = new ArrayDeque<>(); // those each test case of the suite gets
        Case current = null;
        while (xml.hasNext()) {
            int event = xml.next();
            if (event == XMLStreamConstants.START_ELEMENT) {
                String element = xml.getLocalName();
                if (current != null) {
                    outcome(xml, element, current);
                } else if (element.equals("testsuite")) {
                    String name = attribute(xml, "name");
                    suites.addLast(name == null ? "" : name);
                    suiteProperties.addLast(new LinkedHashMap<>());
                } else if (element.equals("properties") && !suiteProperties.isEmpty()) {
                    Map<String, String> read = new LinkedHashMap<>();
                    properties(xml, read);
                    if (!isSystemProperties(read.keySet())) {
                        suiteProperties.getLast().putAll(read);
                    }
                } else if (element.equals("testcase")) {
                    current = new Case();
                    current.suite = suiteName(suites);
                    current.className = attribute(xml, "classname");
                    current.name = attribute(xml, "name");
                    current.time = time(attribute(xml, "time"));
                    if (current.name == null) {
                        current.name = current.className == null ? "(unnamed)" : current.className;
                    }
                }
            } else if (event == XMLStreamConstants.END_ELEMENT) {
                String element = xml.getLocalName();
                if (element.equals("testcase") && current != null) {
                    cases.add(current.toResult(suiteProperties));
                    current = null;
                } else if (element.equals("testsuite") && current == null && !suites.isEmpty()) {
                    suites.removeLast();
                    suiteProperties.removeLast();
                }
            }
        }
        return cases;
    }

    /** An element inside a {@code <testcase>}; the reader is left at its end. */
    private static void outcome(XMLStreamReader xml, String element, Case c) throws XMLStreamException {
        switch (element) {
            case "failure", "rerunFailure" -> fail(xml, c, TestCaseStatus.FAILED);
            case "error", "rerunError" -> fail(xml, c, TestCaseStatus.ERROR);
            case "skipped" -> {
                if (c.status == TestCaseStatus.PASSED) {
                    c.status = TestCaseStatus.SKIPPED;
                    take(xml, c);
                } else {
                    skip(xml);
                }
            }
            case "flakyFailure", "flakyError" -> {
                c.flaky = true;
                if (c.status == TestCaseStatus.PASSED && c.message == null) {
                    // passed in the end; keep why it was flaky
                    take(xml, c);
                } else {
                    skip(xml);
                }
            }
            case "properties" -> properties(xml, c.properties);
            case "system-out" -> c.systemOut = output(xml);
            case "system-err" -> c.systemErr = output(xml);
            default -> skip(xml);
        }
    }

    /**
     * The {@code <property name value>} elements of a {@code <properties>} into {@code into}, in order; a name
     * given twice keeps its values joined by {@code ", "}. A value may be the element's text (pytest writes
     * multi-line values so). The reader is left at the end of {@code <properties>}.
     */
    private static void properties(XMLStreamReader xml, Map<String, String> into) throws XMLStreamException {
        int depth = 1;
        while (depth > 0) {
            int event = xml.next();
            if (event == XMLStreamConstants.START_ELEMENT) {
                if (depth == 1 && xml.getLocalName().equals("property")) {
                    String name = attribute(xml, "name");
                    String value = xml.getAttributeValue(null, "value");
                    String text = text(xml).strip();
                    if (name != null) {
                        into.merge(name, value != null ? value : text, (a, b) -> a + ", " + b);
                    }
                } else {
                    depth++;
                }
            } else if (event == XMLStreamConstants.END_ELEMENT) {
                depth--;
            }
        }
    }

    /** Whether a suite's properties are the JVM's system properties: it has {@code java.*} or {@code user.dir}. */
    static boolean isSystemProperties(Collection<String> names) {
        return names.stream().anyMatch(name -> name.startsWith("java.") || name.equals("user.dir")
                || name.equals("os.name") || name.equals("file.separator"));
    }

    /**
     * The text of a {@code <system-out>} or {@code <system-err>} as an excerpt: its first and last
     * {@link TestCaseResult#OUTPUT_LIMIT} characters are all that is held while reading. {@code null} when empty.
     */
    private static String output(XMLStreamReader xml) throws XMLStreamException {
        int limit = TestCaseResult.OUTPUT_LIMIT;
        StringBuilder head = new StringBuilder();
        StringBuilder tail = new StringBuilder();
        long[] length = {0};
        content(xml, chunk -> {
            length[0] += chunk.length();
            head.append(chunk, 0, Math.min(chunk.length(), limit - head.length()));
            tail.append(chunk);
            if (tail.length() > 2 * limit) {
                tail.delete(0, tail.length() - limit);
            }
        });
        if (length[0] == 0) {
            return null;
        }
        return length[0] <= limit ? head.toString()
                : TestCaseResult.excerpt(head.toString(), tail.substring(Math.max(0, tail.length() - limit)), length[0],
                        limit);
    }

    /** The first failing element decides; a failure or error always beats a skip. */
    private static void fail(XMLStreamReader xml, Case c, TestCaseStatus status) throws XMLStreamException {
        if (c.status == TestCaseStatus.PASSED || c.status == TestCaseStatus.SKIPPED) {
            c.status = status;
            c.message = null;
            c.details = null;
            take(xml, c);
        } else {
            skip(xml);
        }
    }

    /** Message and details of a failure-like element: {@code message} attribute, then its text. */
    private static void take(XMLStreamReader xml, Case c) throws XMLStreamException {
        String message = attribute(xml, "message");
        String type = attribute(xml, "type");
        String text = text(xml).strip();
        c.details = text.isEmpty() ? null : text;
        if (message == null && c.details != null) {
            message = c.details.lines().findFirst().orElse(null);
        }
        if (message == null && type != null && !type.startsWith("pytest.")) {
            message = type;
        }
        c.message = message;
    }

    /** All text inside the current element (surefire puts it in {@code <stackTrace>} for re-runs). */
    private static String text(XMLStreamReader xml) throws XMLStreamException {
        StringBuilder text = new StringBuilder();
        int depth = 1;
        while (depth > 0) {
            int event = xml.next();
            if (event == XMLStreamConstants.START_ELEMENT) {
                String name = xml.getLocalName();
                if (name.equals("system-out") || name.equals("system-err")) {
                    skip(xml);
                } else {
                    depth++;
                }
            } else if (event == XMLStreamConstants.END_ELEMENT) {
                depth--;
            } else if (event == XMLStreamConstants.CHARACTERS || event == XMLStreamConstants.CDATA) {
                text.append(xml.getText());
            }
        }
        return text.toString();
    }

    private static void skip(XMLStreamReader xml) throws XMLStreamException {
        content(xml, chunk -> { });
    }

    /**
     * Hands every piece of text inside the current element, nested elements' included, to {@code text}; the reader
     * is left at its end.
     */
    private static void content(XMLStreamReader xml, Consumer<String> text) throws XMLStreamException {
        int depth = 1;
        while (depth > 0) {
            int event = xml.next();
            if (event == XMLStreamConstants.START_ELEMENT) {
                depth++;
            } else if (event == XMLStreamConstants.END_ELEMENT) {
                depth--;
            } else if (event == XMLStreamConstants.CHARACTERS || event == XMLStreamConstants.CDATA) {
                text.accept(xml.getText());
            }
        }
    }

    private static String attribute(XMLStreamReader xml, String name) {
        String value = xml.getAttributeValue(null, name);
        return value == null || value.isBlank() ? null : value;
    }

    private static String suiteName(Deque<String> suites) {
        List<String> names = suites.stream().filter(s -> !s.isEmpty()).toList();
        return names.isEmpty() ? null : String.join("/", names);
    }

    /**
     * A {@code time} attribute in seconds: {@code 0.123}, {@code 1,234.5} (thousands separator), {@code 0,123}
     * (decimal comma), {@code 12s}; missing or unreadable is zero.
     */
    static Duration time(String value) {
        if (value == null) {
            return Duration.ZERO;
        }
        String s = value.strip().replace(" ", "").replace("\u00a0", "");
        if (s.endsWith("s")) {
            s = s.substring(0, s.length() - 1);
        }
        int comma = s.lastIndexOf(',');
        int dot = s.lastIndexOf('.');
        if (comma >= 0 && dot >= 0) {
            // the last separator is the decimal one
            s = comma > dot ? s.replace(".", "").replace(',', '.') : s.replace(",", "");
        } else if (comma >= 0) {
            s = s.indexOf(',') != comma ? s.replace(",", "") : s.replace(',', '.');
        }
        try {
            BigDecimal seconds = new BigDecimal(s);
            if (seconds.signum() < 0) {
                return Duration.ZERO;
            }
            return Duration.ofNanos(seconds.movePointRight(9).setScale(0, RoundingMode.DOWN).longValueExact());
        } catch (NumberFormatException | ArithmeticException e) {
            return Duration.ZERO;
        }
    }
}
