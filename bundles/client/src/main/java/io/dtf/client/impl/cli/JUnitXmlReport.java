package io.dtf.client.impl.cli;

import io.dtf.api.task.RunSummary;
import io.dtf.api.task.StoredTestCase;
import io.dtf.api.task.Task;
import io.dtf.api.task.TaskResult;
import io.dtf.api.task.TaskState;
import io.dtf.api.task.TestCaseResult;
import io.dtf.api.task.TestCaseStatus;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
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
 * A run as one JUnit XML report (the Surefire/Ant format CI systems read): one {@code <testsuite>}
 * per task, holding the test cases its latest attempt reported. A task that reported none becomes one
 * test case of its own with the task's outcome, and so does a task that did not pass although none of
 * its test cases failed (a non-zero exit after green tests, a time-out): the report fails exactly when
 * the run did not pass.
 */
final class JUnitXmlReport {
    private final RunSummary run;
    private final List<Task> tasks;
    private final List<StoredTestCase> testCases;

    JUnitXmlReport(RunSummary run, List<Task> tasks, List<StoredTestCase> testCases) {
        this.run = run;
        this.tasks = tasks;
        this.testCases = testCases;
    }

    /** A test case as written, with the task it belongs to. */
    private record Case(String className, String name, TestCaseStatus status, Duration duration, String message,
                        String details, String type) {
    }

    /**
     * Writes the report to {@code file} atomically (a temporary file moved in place).
     *
     * @return the test cases written: the stored ones and those that stand for tasks
     */
    int write(Path file) throws IOException {
        Path target = file.toAbsolutePath();
        if (target.getParent() != null) {
            Files.createDirectories(target.getParent());
        }
        Path temp = Files.createTempFile(target.getParent(), ".dtf-junit-", ".xml");
        try {
            int written;
            try (OutputStream out = Files.newOutputStream(temp)) {
                written = write(out);
            }
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return written;
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** Writes the report; returns the test cases written. */
    int write(OutputStream out) throws IOException {
        Map<String, List<Case>> bySuite = suites();
        int tests = 0;
        int failures = 0;
        int errors = 0;
        int skipped = 0;
        Duration time = Duration.ZERO;
        for (List<Case> cases : bySuite.values()) {
            for (Case c : cases) {
                tests++;
                failures += c.status() == TestCaseStatus.FAILED ? 1 : 0;
                errors += c.status() == TestCaseStatus.ERROR ? 1 : 0;
                skipped += c.status() == TestCaseStatus.SKIPPED ? 1 : 0;
                time = time.plus(c.duration());
            }
        }
        try {
            XMLStreamWriter xml = XMLOutputFactory.newInstance().createXMLStreamWriter(out, "UTF-8");
            xml.writeStartDocument("UTF-8", "1.0");
            newline(xml, 0);
            xml.writeStartElement("testsuites");
            attribute(xml, "name", run.run().name() + " (" + run.run().id() + ")");
            counts(xml, tests, failures, errors, skipped, time);
            Map<String, Task> taskByName = new LinkedHashMap<>();
            tasks.forEach(t -> taskByName.put(t.name(), t));
            for (Map.Entry<String, List<Case>> suite : bySuite.entrySet()) {
                writeSuite(xml, suite.getKey(), taskByName.get(suite.getKey()), suite.getValue());
            }
            newline(xml, 0);
            xml.writeEndElement();
            newline(xml, 0);
            xml.writeEndDocument();
            xml.close();
            return tests;
        } catch (XMLStreamException e) {
            throw new IOException("cannot write the JUnit XML report: " + e.getMessage(), e);
        }
    }

    private void writeSuite(XMLStreamWriter xml, String name, Task task, List<Case> cases) throws XMLStreamException {
        int failures = (int) cases.stream().filter(c -> c.status() == TestCaseStatus.FAILED).count();
        int errors = (int) cases.stream().filter(c -> c.status() == TestCaseStatus.ERROR).count();
        int skipped = (int) cases.stream().filter(c -> c.status() == TestCaseStatus.SKIPPED).count();
        Duration time = cases.stream().map(Case::duration).reduce(Duration.ZERO, Duration::plus);
        newline(xml, 1);
        xml.writeStartElement("testsuite");
        attribute(xml, "name", name);
        counts(xml, cases.size(), failures, errors, skipped, time);
        if (task != null) {
            if (task.startedAt() != null) {
                attribute(xml, "timestamp", task.startedAt().toString());
            }
            if (task.worker() != null) {
                attribute(xml, "hostname", task.worker().value());
            }
            newline(xml, 2);
            xml.writeStartElement("properties");
            property(xml, "dtf.run", run.run().id().value());
            property(xml, "dtf.task", task.id().value());
            property(xml, "dtf.attempt", String.valueOf(task.attempt()));
            property(xml, "dtf.state", task.state().name());
            newline(xml, 2);
            xml.writeEndElement();
        }
        for (Case c : cases) {
            newline(xml, 2);
            xml.writeStartElement("testcase");
            attribute(xml, "classname", c.className());
            attribute(xml, "name", c.name());
            attribute(xml, "time", seconds(c.duration()));
            switch (c.status()) {
                case FAILED, ERROR -> {
                    newline(xml, 3);
                    xml.writeStartElement(c.status() == TestCaseStatus.FAILED ? "failure" : "error");
                    if (c.message() != null) {
                        attribute(xml, "message", c.message());
                    }
                    if (c.type() != null) {
                        attribute(xml, "type", c.type());
                    }
                    if (c.details() != null) {
                        xml.writeCharacters(clean(c.details()));
                    }
                    xml.writeEndElement();
                    newline(xml, 2);
                }
                case SKIPPED -> {
                    newline(xml, 3);
                    xml.writeEmptyElement("skipped");
                    if (c.message() != null) {
                        attribute(xml, "message", c.message());
                    }
                    newline(xml, 2);
                }
                case PASSED -> {
                    // nothing inside
                }
            }
            xml.writeEndElement();
        }
        newline(xml, 1);
        xml.writeEndElement();
    }

    /** Test cases by task name, in task order; tasks without test cases, or with an outcome they hide, added. */
    private Map<String, List<Case>> suites() {
        Map<String, List<Case>> byTask = new LinkedHashMap<>();
        Map<String, String> nameById = new LinkedHashMap<>();
        for (Task t : tasks) {
            byTask.put(t.name(), new ArrayList<>());
            nameById.put(t.id().value(), t.name());
        }
        for (StoredTestCase stored : testCases) {
            String taskName = stored.taskName() != null ? stored.taskName()
                    : nameById.getOrDefault(stored.task().value(), stored.task().value());
            TestCaseResult r = stored.result();
            String className = r.className() != null && !r.className().isBlank() ? r.className()
                    : r.suite() != null && !r.suite().isBlank() ? r.suite() : taskName;
            byTask.computeIfAbsent(taskName, k -> new ArrayList<>()).add(new Case(className, r.name(), r.status(),
                    r.duration() == null ? Duration.ZERO : r.duration(), r.message(), r.details(), null));
        }
        for (Task t : tasks) {
            List<Case> cases = byTask.get(t.name());
            boolean anyFailed = cases.stream().anyMatch(c -> c.status() == TestCaseStatus.FAILED
                    || c.status() == TestCaseStatus.ERROR);
            if (cases.isEmpty() || (t.state() != TaskState.PASSED && !anyFailed)) {
                cases.add(taskCase(t, !cases.isEmpty()));
            }
        }
        return byTask;
    }

    private Case taskCase(Task t, boolean besideTests) {
        TaskResult r = t.result();
        Duration duration = r == null ? Duration.ZERO : r.duration();
        String className = "dtf." + safe(run.run().name());
        String name = besideTests ? t.name() + " (task)" : t.name();
        String message = r == null || r.message() == null ? describe(t) : r.message();
        String details = r == null ? null : r.logTail();
        return switch (t.state()) {
            case PASSED -> new Case(className, name, TestCaseStatus.PASSED, duration, null, null, null);
            case FAILED -> new Case(className, name, TestCaseStatus.FAILED, duration, message, details, "FAILED");
            case ERROR, TIMED_OUT -> new Case(className, name, TestCaseStatus.ERROR, duration, message, details,
                    t.state().name());
            case CANCELLED -> new Case(className, name, TestCaseStatus.SKIPPED, duration, "cancelled", null, null);
            default -> new Case(className, name, TestCaseStatus.SKIPPED, duration,
                    "not finished (" + t.state() + ")", null, null);
        };
    }

    private static String describe(Task t) {
        TaskResult r = t.result();
        if (r != null && r.exitCode() != null) {
            return t.state().name().toLowerCase(Locale.ROOT).replace('_', ' ') + ", exit code " + r.exitCode();
        }
        return t.state().name().toLowerCase(Locale.ROOT).replace('_', ' ');
    }

    private static String safe(String name) {
        return name.replaceAll("[^A-Za-z0-9_.-]", "_");
    }

    private static void counts(XMLStreamWriter xml, int tests, int failures, int errors, int skipped, Duration time)
            throws XMLStreamException {
        attribute(xml, "tests", String.valueOf(tests));
        attribute(xml, "failures", String.valueOf(failures));
        attribute(xml, "errors", String.valueOf(errors));
        attribute(xml, "skipped", String.valueOf(skipped));
        attribute(xml, "time", seconds(time));
    }

    private static void property(XMLStreamWriter xml, String name, String value) throws XMLStreamException {
        newline(xml, 3);
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
