package io.dtf.rest.impl.tests;

import io.dtf.api.task.RunSummary;
import io.dtf.api.task.StoredTestCase;
import io.dtf.api.task.Task;
import io.dtf.api.task.TaskResult;
import io.dtf.api.task.TaskState;
import io.dtf.api.task.TestCaseResult;
import io.dtf.api.task.TestCaseStatus;
import io.dtf.api.task.TestId;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * A run as one JUnit XML document in the format of Maven Surefire (surefire-test-report-3.0.xsd, the
 * maven-surefire-plugin's site {@code xsd/surefire-test-report-3.0.xsd}; written as its {@code StatelessXmlReporter}
 * writes re-runs): a {@code <testsuites>} with one {@code <testsuite>} per task holding the test cases of the task's
 * latest result. A test that failed in an earlier attempt of its task carries each such attempt as
 * {@code <flakyFailure>}/{@code <flakyError>} when it passed in the end, as {@code <rerunFailure>}/
 * {@code <rerunError>} when it failed again, each with its {@code <stackTrace>}, {@code <system-out>} and
 * {@code <system-err>}; a test case's own outcome, time and output are those of the latest attempt. A test case's
 * JUnit properties are written as a {@code <properties>} element first in it, as pytest and the Jenkins JUnit format
 * have them (Surefire's schema has properties only per suite).
 *
 * <p>A task that reported no test cases becomes a test case of its own with the task's outcome, and so does a task
 * that did not pass although none of its test cases failed (a non-zero exit after green tests, a time-out): the
 * document fails exactly when the run did not pass.
 */
final class MergedJUnitXml {
    private final RunSummary run;
    private final List<Task> tasks;
    private final List<StoredTestCase> latest;
    private final List<StoredTestCase> allAttempts;

    /**
     * @param tasks the run's tasks, in order
     * @param latest the test cases of each task's latest result, in report order
     * @param allAttempts the test cases of every attempt of the run's tasks
     */
    MergedJUnitXml(RunSummary run, List<Task> tasks, List<StoredTestCase> latest, List<StoredTestCase> allAttempts) {
        this.run = run;
        this.tasks = tasks;
        this.latest = latest;
        this.allAttempts = allAttempts;
    }

    /** A test case as written: its latest outcome and the failed earlier attempts of the same test. */
    private record Case(String className, String name, TestCaseStatus status, Duration duration, String message,
                        String details, String type, Map<String, String> properties, String systemOut,
                        String systemErr, List<TestCaseResult> earlierFailures, TestCaseResult flakyWithin) {
    }

    /** Writes the document; returns how many test cases it holds. */
    int write(OutputStream out) throws IOException {
        Map<String, List<Case>> byTask = suites();
        int[] counts = new int[4];
        Duration time = Duration.ZERO;
        for (List<Case> cases : byTask.values()) {
            for (Case c : cases) {
                count(counts, c.status());
                time = time.plus(c.duration());
            }
        }
        try {
            XMLStreamWriter xml = XMLOutputFactory.newDefaultFactory().createXMLStreamWriter(out, "UTF-8");
            xml.writeStartDocument("UTF-8", "1.0");
            newline(xml, 0);
            xml.writeStartElement("testsuites");
            attribute(xml, "name", run.run().name() + " (" + run.run().id() + ")");
            counts(xml, counts, time);
            Map<String, Task> taskByName = new LinkedHashMap<>();
            tasks.forEach(t -> taskByName.put(t.name(), t));
            for (Map.Entry<String, List<Case>> suite : byTask.entrySet()) {
                writeSuite(xml, suite.getKey(), taskByName.get(suite.getKey()), suite.getValue());
            }
            newline(xml, 0);
            xml.writeEndElement();
            newline(xml, 0);
            xml.writeEndDocument();
            xml.close();
            return counts[0];
        } catch (XMLStreamException e) {
            throw new IOException("cannot write the JUnit XML document: " + e.getMessage(), e);
        }
    }

    /** {@code counts}: tests, failures, errors, skipped. */
    private static void count(int[] counts, TestCaseStatus status) {
        counts[0]++;
        counts[1] += status == TestCaseStatus.FAILED ? 1 : 0;
        counts[2] += status == TestCaseStatus.ERROR ? 1 : 0;
        counts[3] += status == TestCaseStatus.SKIPPED ? 1 : 0;
    }

    private void writeSuite(XMLStreamWriter xml, String name, Task task, List<Case> cases) throws XMLStreamException {
        int[] counts = new int[4];
        cases.forEach(c -> count(counts, c.status()));
        Duration time = cases.stream().map(Case::duration).reduce(Duration.ZERO, Duration::plus);
        newline(xml, 1);
        xml.writeStartElement("testsuite");
        attribute(xml, "name", name);
        counts(xml, counts, time);
        if (task != null) {
            if (task.startedAt() != null) {
                attribute(xml, "timestamp", task.startedAt().toString());
            }
            if (task.worker() != null) {
                attribute(xml, "hostname", task.worker().value());
            }
            newline(xml, 2);
            xml.writeStartElement("properties");
            property(xml, 3, "dtf.run", run.run().id().value());
            property(xml, 3, "dtf.task", task.id().value());
            property(xml, 3, "dtf.attempt", String.valueOf(task.attempt()));
            property(xml, 3, "dtf.state", task.state().name());
            newline(xml, 2);
            xml.writeEndElement();
        }
        for (Case c : cases) {
            writeCase(xml, c);
        }
        newline(xml, 1);
        xml.writeEndElement();
    }

    /** A test case, its elements in the order of Surefire's schema. */
    private static void writeCase(XMLStreamWriter xml, Case c) throws XMLStreamException {
        newline(xml, 2);
        xml.writeStartElement("testcase");
        attribute(xml, "name", c.name());
        attribute(xml, "classname", c.className());
        attribute(xml, "time", seconds(c.duration()));
        if (!c.properties().isEmpty()) {
            newline(xml, 3);
            xml.writeStartElement("properties");
            for (Map.Entry<String, String> p : c.properties().entrySet()) {
                property(xml, 4, p.getKey(), p.getValue());
            }
            newline(xml, 3);
            xml.writeEndElement();
        }
        boolean failedInTheEnd = c.status().isFailure();
        if (c.status() == TestCaseStatus.FAILED) {
            failure(xml, "failure", c.message(), c.type(), c.details());
        }
        rerun(xml, failedInTheEnd ? "rerunFailure" : "flakyFailure", c, TestCaseStatus.FAILED);
        if (c.status() == TestCaseStatus.SKIPPED) {
            newline(xml, 3);
            xml.writeEmptyElement("skipped");
            if (c.message() != null) {
                attribute(xml, "message", c.message());
            }
        }
        if (c.status() == TestCaseStatus.ERROR) {
            failure(xml, "error", c.message(), c.type(), c.details());
        }
        rerun(xml, failedInTheEnd ? "rerunError" : "flakyError", c, TestCaseStatus.ERROR);
        output(xml, 3, "system-out", c.systemOut());
        output(xml, 3, "system-err", c.systemErr());
        if (c.status() != TestCaseStatus.PASSED || !c.properties().isEmpty() || c.systemOut() != null
                || c.systemErr() != null || !c.earlierFailures().isEmpty() || c.flakyWithin() != null) {
            newline(xml, 2);
        }
        xml.writeEndElement();
    }

    private static void failure(XMLStreamWriter xml, String element, String message, String type, String details)
            throws XMLStreamException {
        newline(xml, 3);
        xml.writeStartElement(element);
        if (message != null) {
            attribute(xml, "message", message);
        }
        attribute(xml, "type", type);
        if (details != null) {
            xml.writeCharacters(clean(details));
        }
        xml.writeEndElement();
    }

    /**
     * The runs of the test with {@code status} before its outcome: the failed earlier attempts, and the failed
     * re-run inside the latest attempt of a test that passed on it (its message and stack trace are all it kept).
     */
    private static void rerun(XMLStreamWriter xml, String element, Case c, TestCaseStatus status)
            throws XMLStreamException {
        for (TestCaseResult r : c.earlierFailures()) {
            if (r.status() == status) {
                rerun(xml, element, r.message(), r.details(), status, r.systemOut(), r.systemErr());
            }
        }
        TestCaseResult within = c.flakyWithin();
        if (within != null && status == TestCaseStatus.FAILED) {
            rerun(xml, element, within.message(), within.details(), status, null, null);
        }
    }

    private static void rerun(XMLStreamWriter xml, String element, String message, String details,
                              TestCaseStatus status, String systemOut, String systemErr) throws XMLStreamException {
        newline(xml, 3);
        xml.writeStartElement(element);
        if (message != null) {
            attribute(xml, "message", message);
        }
        attribute(xml, "type", type(details, status));
        newline(xml, 4);
        xml.writeStartElement("stackTrace");
        xml.writeCharacters(clean(details != null ? details : message != null ? message : ""));
        xml.writeEndElement();
        output(xml, 4, "system-out", systemOut);
        output(xml, 4, "system-err", systemErr);
        newline(xml, 3);
        xml.writeEndElement();
    }

    private static void output(XMLStreamWriter xml, int depth, String element, String text) throws XMLStreamException {
        if (text != null) {
            newline(xml, depth);
            xml.writeStartElement(element);
            xml.writeCharacters(clean(text));
            xml.writeEndElement();
        }
    }

    /**
     * Test cases by task name, in task order: each task's latest ones with the failed earlier attempts of each
     * test; tasks without test cases, or with an outcome they hide, added as a test case of their own.
     */
    private Map<String, List<Case>> suites() {
        Map<String, List<Case>> byTask = new LinkedHashMap<>();
        Map<String, String> nameById = new LinkedHashMap<>();
        for (Task t : tasks) {
            byTask.put(t.name(), new ArrayList<>());
            nameById.put(t.id().value(), t.name());
        }
        Map<String, List<TestCaseResult>> failedBefore = new LinkedHashMap<>(); // task id + test id -> attempts
        Map<String, Integer> latestAttempt = new LinkedHashMap<>();
        latest.forEach(s -> latestAttempt.put(s.task().value(), s.attempt()));
        for (StoredTestCase s : allAttempts) {
            Integer last = latestAttempt.get(s.task().value());
            if (last != null && s.attempt() < last && s.result().status().isFailure()) {
                failedBefore.computeIfAbsent(s.task().value() + "/" + s.test(), k -> new ArrayList<>()).add(s.result());
            }
        }
        for (StoredTestCase stored : latest) {
            String taskName = stored.taskName() != null ? stored.taskName()
                    : nameById.getOrDefault(stored.task().value(), stored.task().value());
            TestCaseResult r = stored.result();
            String className = r.className() != null && !r.className().isBlank() ? r.className()
                    : r.suite() != null && !r.suite().isBlank() ? r.suite() : taskName;
            TestId test = stored.test();
            byTask.computeIfAbsent(taskName, k -> new ArrayList<>()).add(new Case(className, r.name(), r.status(),
                    r.duration() == null ? Duration.ZERO : r.duration(), r.message(), r.details(),
                    type(r.details(), r.status()), r.properties(), r.systemOut(), r.systemErr(),
                    failedBefore.getOrDefault(stored.task().value() + "/" + test, List.of()),
                    r.flaky() && r.status() == TestCaseStatus.PASSED ? r : null));
        }
        for (Task t : tasks) {
            List<Case> cases = byTask.get(t.name());
            boolean anyFailed = cases.stream().anyMatch(c -> c.status().isFailure());
            if (cases.isEmpty() || (t.state() != TaskState.PASSED && !anyFailed)) {
                cases.add(taskCase(t, !cases.isEmpty()));
            }
        }
        return byTask;
    }

    private Case taskCase(Task t, boolean besideTests) {
        TaskResult r = t.result();
        Duration duration = r == null ? Duration.ZERO : r.duration();
        String className = "dtf." + run.run().name().replaceAll("[^A-Za-z0-9_.-]", "_");
        String name = besideTests ? t.name() + " (task)" : t.name();
        String message = r == null || r.message() == null ? describe(t) : r.message();
        String details = r == null ? null : r.logTail();
        TestCaseStatus status = switch (t.state()) {
            case PASSED -> TestCaseStatus.PASSED;
            case FAILED -> TestCaseStatus.FAILED;
            case ERROR, TIMED_OUT -> TestCaseStatus.ERROR;
            default -> TestCaseStatus.SKIPPED;
        };
        String shown = switch (t.state()) {
            case PASSED -> null;
            case CANCELLED -> "cancelled";
            case FAILED, ERROR, TIMED_OUT -> message;
            default -> "not finished (" + t.state() + ")";
        };
        return new Case(className, name, status, duration, shown, status.isFailure() ? details : null,
                t.state().name(), Map.of(), null, null, List.of(), null);
    }

    private static String describe(Task t) {
        TaskResult r = t.result();
        String state = t.state().name().toLowerCase(Locale.ROOT).replace('_', ' ');
        return r != null && r.exitCode() != null ? state + ", exit code " + r.exitCode() : state;
    }

    /**
     * The {@code type} of a failure, as Surefire derives it from the stack trace: its first line up to the first
     * {@code :} ({@code java.lang.AssertionError}), else its first word; without a stack trace, the outcome.
     */
    static String type(String details, TestCaseStatus status) {
        if (details != null && !details.isBlank()) {
            String first = details.strip().lines().findFirst().orElse("");
            int colon = first.indexOf(':');
            String type = (colon > 0 ? first.substring(0, colon) : first.split("\\s+", 2)[0]).strip();
            if (!type.isEmpty()) {
                return type;
            }
        }
        return status.name().toLowerCase(Locale.ROOT);
    }

    private static void counts(XMLStreamWriter xml, int[] counts, Duration time) throws XMLStreamException {
        attribute(xml, "tests", String.valueOf(counts[0]));
        attribute(xml, "failures", String.valueOf(counts[1]));
        attribute(xml, "errors", String.valueOf(counts[2]));
        attribute(xml, "skipped", String.valueOf(counts[3]));
        attribute(xml, "time", seconds(time));
    }

    private static void property(XMLStreamWriter xml, int depth, String name, String value) throws XMLStreamException {
        newline(xml, depth);
        xml.writeEmptyElement("property");
        attribute(xml, "name", name);
        attribute(xml, "value", value);
    }

    private static void attribute(XMLStreamWriter xml, String name, String value) throws XMLStreamException {
        xml.writeAttribute(name, clean(value == null ? "" : value));
    }

    private static void newline(XMLStreamWriter xml, int depth) throws XMLStreamException {
        xml.writeCharacters("\n" + "  ".repeat(depth));
    }

    /** Seconds with three decimals, as Surefire's {@code SUREFIRE_TIME} has them. */
    static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%.3f", d.toNanos() / 1e9);
    }

    /** Drops what XML 1.0 cannot hold (control characters, lone surrogates). */
    static String clean(String s) {
        StringBuilder out = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = c == '\t' || c == '\n' || c == '\r' || (c >= 0x20 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                if (out != null) {
                    out.append(c).append(s.charAt(i + 1));
                }
                i++;
                continue;
            }
            if (!ok) {
                if (out == null) {
                    out = new StringBuilder(s.length()).append(s, 0, i);
                }
                out.append('\uFFFD');
            } else if (out != null) {
                out.append(c);
            }
        }
        return out == null ? s : out.toString();
    }
}
