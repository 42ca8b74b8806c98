package io.dtf.rest.impl.tests;

import static io.dtf.testkit.TaskBuilder.task;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dtf.api.task.RunSummary;
import io.dtf.api.task.StoredTestCase;
import io.dtf.api.task.Task;
import io.dtf.api.task.TaskId;
import io.dtf.api.task.TaskResult;
import io.dtf.api.task.TaskState;
import io.dtf.api.task.TestCaseQuery;
import io.dtf.api.task.TestCaseResult;
import io.dtf.api.task.TestCaseStatus;
import io.dtf.api.worker.WorkerId;
import io.dtf.testkit.FakeCoordinator;
import io.dtf.testkit.TaskBuilder;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.ToIntFunction;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import javax.xml.validation.SchemaFactory;
import javax.xml.validation.Validator;
import org.apache.maven.plugin.surefire.log.api.NullConsoleLogger;
import org.apache.maven.plugins.surefire.report.ReportTestCase;
import org.apache.maven.plugins.surefire.report.ReportTestSuite;
import org.apache.maven.plugins.surefire.report.SurefireReportParser;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * The merged JUnit XML of a run ({@code GET /api/v1/runs/{id}/junit.xml}, what the {@code dtf} client writes for a
 * CI's report step) read back by parsers other than DTF's: Maven Surefire's own report parser
 * ({@code org.apache.maven.surefire:surefire-report-parser}, what maven-surefire-report-plugin reads reports with),
 * and Surefire's schema ({@code surefire-test-report.xsd} of maven-surefire-plugin 3.5.4, in this test's resources).
 *
 * <p>Run r9 "nightly": task "unit" failed in its second attempt on w2, with test cases that passed after failing
 * ({@code a}) or erroring ({@code e}) in the first, failed ({@code c}) or errored ({@code d}) in both, failed after
 * an error ({@code h}), passed on a re-run within the attempt ({@code g}), were skipped ({@code f}) or passed every
 * time ({@code b}); task "lint" failed without test cases, "slow" timed out without test cases, "smoke" passed.
 */
class MergedJUnitXmlSurefireTest {
    private static final String LOGIN = "org.example.LoginTest";
    /**
     * What the merged document adds to Surefire's schema: each test case's JUnit properties (as pytest and Jenkins
     * write them) and a suite's {@code hostname} and {@code timestamp} (as Ant's JUnit format has them).
     */
    private static final List<String> SUITE_ATTRIBUTES_BEYOND_SUREFIRE = List.of("hostname", "timestamp");

    @TempDir
    static Path reports;
    static Document document;
    static List<ReportTestSuite> suites;

    @BeforeAll
    static void writeAndReadBack() throws Exception {
        TaskResult unit = new TaskResult(TaskState.FAILED, Duration.ofSeconds(3), 1, null, List.of(
                test("a", TestCaseStatus.PASSED, Map.of("testrail_case_id", "C42"), "second try\n"),
                test("b", TestCaseStatus.PASSED, Map.of(), null),
                test("c", TestCaseStatus.FAILED, Map.of(), null),
                test("d", TestCaseStatus.ERROR, Map.of(), "state dump\n"),
                test("e", TestCaseStatus.PASSED, Map.of(), null),
                test("f", TestCaseStatus.SKIPPED, Map.of("jira", "WEB-7"), null),
                new TestCaseResult("suite", LOGIN, "g", TestCaseStatus.PASSED, Duration.ofMillis(70),
                        "Connection refused", "java.net.ConnectException: Connection refused\n\tat x.y(Z.java:1)", true),
                test("h", TestCaseStatus.FAILED, Map.of(), null)), List.of(), Map.of(), null, null);
        TaskResult lint = new TaskResult(TaskState.FAILED, Duration.ofSeconds(1), 2, null, List.of(), List.of(),
                Map.of(), null, "lint: 3 problems");
        TaskResult slow = new TaskResult(TaskState.TIMED_OUT, Duration.ofMinutes(10), null, "timed out after PT10M",
                List.of(), List.of(), Map.of(), null, "last line of slow");
        TaskResult smoke = new TaskResult(TaskState.PASSED, Duration.ofSeconds(2), 0, null, List.of(
                new TestCaseResult("smoke", "org.example.SmokeTest", "home page", TestCaseStatus.PASSED,
                        Duration.ofMillis(1500), null, null, false)), List.of(), Map.of(), null, null);
        Task[] tasks = {
            task().id("r9.1").name("unit").result(unit).build().withState(TaskState.FAILED, 2, WorkerId.of("w2")),
            task().id("r9.2").name("lint").result(lint).build(),
            task().id("r9.3").name("slow").result(slow).build(),
            task().id("r9.4").name("smoke").result(smoke).build()};
        FakeCoordinator coordinator = new FakeCoordinator();
        RunSummary run = coordinator.addRun("r9", "nightly", tasks);
        coordinator.addEarlierTestCases(
                earlier(test("a", TestCaseStatus.FAILED, Map.of(), "first try\n")),
                earlier(test("b", TestCaseStatus.PASSED, Map.of(), null)),
                earlier(test("c", TestCaseStatus.FAILED, Map.of(), null)),
                earlier(test("d", TestCaseStatus.ERROR, Map.of(), null)),
                earlier(test("e", TestCaseStatus.ERROR, Map.of(), null)),
                earlier(test("f", TestCaseStatus.SKIPPED, Map.of(), null)),
                earlier(test("h", TestCaseStatus.ERROR, Map.of(), null)));
        List<StoredTestCase> latest = coordinator.testCases(new TestCaseQuery(run.run().id(), null, null, null));
        List<StoredTestCase> every = coordinator.testCases(new TestCaseQuery(run.run().id(), null, null, null, true));

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new MergedJUnitXml(run, List.of(tasks), latest, every).write(out);
        Files.write(reports.resolve("TEST-r9.xml"), out.toByteArray());
        document = parse(out.toByteArray());
        SurefireReportParser surefire = new SurefireReportParser(List.of(reports.toFile()), new NullConsoleLogger());
        suites = surefire.parseXMLReportFiles();
    }

    @Test
    void surefireCountsWhatTheDocumentSaysAndWhatTheRunHad() {
        Map<String, Object> summary = new SurefireReportParser(List.of(), new NullConsoleLogger()).getSummary(suites);
        Element root = document.getDocumentElement();
        assertEquals(Map.of("tests", 11, "failures", 3, "errors", 2, "skipped", 1),
                Map.of("tests", summary.get("totalTests"), "failures", summary.get("totalFailures"),
                        "errors", summary.get("totalErrors"), "skipped", summary.get("totalSkipped")),
                "8 of unit, lint, slow and smoke: c, h and lint failed; d and slow errored; f skipped");
        assertEquals(Map.of("tests", "11", "failures", "3", "errors", "2", "skipped", "1"),
                Map.of("tests", root.getAttribute("tests"), "failures", root.getAttribute("failures"),
                        "errors", root.getAttribute("errors"), "skipped", root.getAttribute("skipped")));
        assertEquals(3, suites.stream().mapToInt(ReportTestSuite::getNumberOfFlakes).sum(),
                "a and g after a failure, e after an error");
    }

    @Test
    void eachSuiteCountsWhatSurefireFindsInIt() throws Exception {
        NodeList elements = document.getElementsByTagName("testsuite");
        assertEquals(4, elements.getLength());
        for (int i = 0; i < elements.getLength(); i++) {
            Element suite = (Element) elements.item(i);
            Path file = reports.resolve("suite-" + i).resolve("TEST-" + i + ".xml");
            Files.createDirectories(file.getParent());
            Files.writeString(file, serialize(suite));
            List<ReportTestSuite> read = new SurefireReportParser(List.of(file.getParent().toFile()),
                    new NullConsoleLogger()).parseXMLReportFiles();
            String name = suite.getAttribute("name");
            assertEquals(suite.getAttribute("tests"), String.valueOf(sum(read, ReportTestSuite::getNumberOfTests)), name);
            assertEquals(suite.getAttribute("failures"), String.valueOf(sum(read, ReportTestSuite::getNumberOfFailures)), name);
            assertEquals(suite.getAttribute("errors"), String.valueOf(sum(read, ReportTestSuite::getNumberOfErrors)), name);
            assertEquals(suite.getAttribute("skipped"), String.valueOf(sum(read, ReportTestSuite::getNumberOfSkipped)), name);
        }
    }

    @Test
    void surefireReadsEveryTestWithItsOutcome() {
        Map<String, String> outcomes = new TreeMap<>();
        for (ReportTestSuite suite : suites) {
            for (ReportTestCase c : suite.getTestCases()) {
                String outcome = c.hasFailure() ? "failure" : c.hasError() ? "error" : c.hasSkipped() ? "skipped" : "passed";
                outcomes.put(c.getFullName(), outcome + (c.hasFlakes() ? " flaky" : ""));
            }
        }
        Map<String, String> expected = new TreeMap<>(Map.of(LOGIN + ".a", "passed flaky", LOGIN + ".b", "passed",
                LOGIN + ".c", "failure", LOGIN + ".d", "error", LOGIN + ".e", "passed flaky", LOGIN + ".f", "skipped",
                LOGIN + ".g", "passed flaky", LOGIN + ".h", "failure", "dtf.nightly.lint", "failure",
                "dtf.nightly.slow", "error"));
        expected.put("org.example.SmokeTest.home page", "passed");
        assertEquals(expected, outcomes);
    }

    @Test
    void surefireReadsTheMessagesTypesAndEarlierFailures() {
        ReportTestCase a = testCase(LOGIN + ".a");
        assertEquals(1, a.getFlakyFailures().size());
        assertEquals("a broke", a.getFlakyFailures().get(0).getMessage());
        assertEquals("java.lang.AssertionError", a.getFlakyFailures().get(0).getType());
        assertTrue(a.getFlakyFailures().get(0).getStackTrace().startsWith("java.lang.AssertionError: a broke"));
        ReportTestCase e = testCase(LOGIN + ".e");
        assertEquals("java.lang.IllegalStateException", e.getFlakyErrors().get(0).getType());
        ReportTestCase g = testCase(LOGIN + ".g");
        assertEquals("java.net.ConnectException", g.getFlakyFailures().get(0).getType());
        assertEquals("Connection refused", g.getFlakyFailures().get(0).getMessage());

        ReportTestCase c = testCase(LOGIN + ".c");
        assertEquals("c broke", c.getFailureMessage());
        assertEquals("java.lang.AssertionError", c.getFailureType());
        assertEquals("1", c.getFailureErrorLine(), "Surefire finds the line in the stack trace");
        ReportTestCase d = testCase(LOGIN + ".d");
        assertEquals("java.lang.IllegalStateException", d.getFailureType());
        assertEquals("disabled on linux", testCase(LOGIN + ".f").getFailureMessage());
        assertEquals(0.5f, testCase(LOGIN + ".b").getTime(), 0.0001f);

        assertEquals("failed, exit code 2", testCase("dtf.nightly.lint").getFailureMessage());
        assertEquals("lint: 3 problems", testCase("dtf.nightly.lint").getFailureDetail());
        assertEquals("TIMED_OUT", testCase("dtf.nightly.slow").getFailureType());
        assertEquals("timed out after PT10M", testCase("dtf.nightly.slow").getFailureMessage());
    }

    @Test
    void eachSuiteIsValidAgainstSurefiresSchemaApartFromWhatDtfAdds() throws Exception {
        Validator validator = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI)
                .newSchema(MergedJUnitXmlSurefireTest.class.getResource("surefire-test-report.xsd")).newValidator();
        NodeList elements = document.getElementsByTagName("testsuite");
        int testCaseProperties = 0;
        Set<String> suiteAttributesSeen = new TreeSet<>();
        for (int i = 0; i < elements.getLength(); i++) {
            Document suite = parse(serialize((Element) elements.item(i)).getBytes(StandardCharsets.UTF_8));
            Element root = suite.getDocumentElement();
            for (String attribute : SUITE_ATTRIBUTES_BEYOND_SUREFIRE) {
                if (root.hasAttribute(attribute)) {
                    suiteAttributesSeen.add(attribute);
                    root.removeAttribute(attribute);
                }
            }
            for (Element properties : children(root, "testcase", "properties")) {
                properties.getParentNode().removeChild(properties);
                testCaseProperties++;
            }
            validator.validate(new DOMSource(suite));
        }
        assertEquals(2, testCaseProperties, "a's and f's: each exception is needed");
        assertEquals(new TreeSet<>(SUITE_ATTRIBUTES_BEYOND_SUREFIRE), suiteAttributesSeen, "each exception is needed");
        assertEquals(List.of("properties", "flakyFailure", "system-out"), childNames(element(LOGIN, "a")));
        assertEquals(List.of("failure", "rerunFailure"), childNames(element(LOGIN, "c")));
        assertEquals(List.of("error", "rerunError", "system-out"), childNames(element(LOGIN, "d")));
        assertEquals(List.of("flakyError"), childNames(element(LOGIN, "e")));
        assertEquals(List.of("failure", "rerunError"), childNames(element(LOGIN, "h")));
    }

    private static TestCaseResult test(String name, TestCaseStatus status, Map<String, String> properties, String out) {
        String type = status == TestCaseStatus.ERROR ? "java.lang.IllegalStateException" : "java.lang.AssertionError";
        String message = status.isFailure() ? name + " broke" : status == TestCaseStatus.SKIPPED ? "disabled on linux" : null;
        return new TestCaseResult("suite", LOGIN, name, status, Duration.ofMillis(500), message,
                status.isFailure() ? type + ": " + message + "\n\tat " + LOGIN + "." + name + "(LoginTest.java:1)" : null,
                false, properties, out, null);
    }

    private static StoredTestCase earlier(TestCaseResult result) {
        return new StoredTestCase(TaskId.of("r9.1"), "unit", 1, result, null, WorkerId.of("w1"), TaskBuilder.T0);
    }

    private static ReportTestCase testCase(String fullName) {
        return suites.stream().flatMap(s -> s.getTestCases().stream()).filter(c -> c.getFullName().equals(fullName))
                .findFirst().orElseThrow(() -> new AssertionError("Surefire read no test " + fullName));
    }

    private static int sum(List<ReportTestSuite> read, ToIntFunction<ReportTestSuite> count) {
        return read.stream().mapToInt(count).sum();
    }

    private static Element element(String className, String name) {
        NodeList cases = document.getElementsByTagName("testcase");
        for (int i = 0; i < cases.getLength(); i++) {
            Element c = (Element) cases.item(i);
            if (c.getAttribute("classname").equals(className) && c.getAttribute("name").equals(name)) {
                return c;
            }
        }
        throw new AssertionError("no test case " + className + "." + name);
    }

    /** The {@code child} elements of the {@code parent} elements below {@code root}. */
    private static List<Element> children(Element root, String parent, String child) {
        List<Element> found = new ArrayList<>();
        NodeList parents = root.getElementsByTagName(parent);
        for (int i = 0; i < parents.getLength(); i++) {
            for (Node n = parents.item(i).getFirstChild(); n != null; n = n.getNextSibling()) {
                if (n instanceof Element e && e.getTagName().equals(child)) {
                    found.add(e);
                }
            }
        }
        return found;
    }

    private static List<String> childNames(Element element) {
        List<String> names = new ArrayList<>();
        for (Node n = element.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e) {
                names.add(e.getTagName());
            }
        }
        return names;
    }

    private static Document parse(byte[] xml) throws Exception {
        return DocumentBuilderFactory.newDefaultInstance().newDocumentBuilder().parse(new ByteArrayInputStream(xml));
    }

    /** One element as a document of its own, as Surefire writes one {@code <testsuite>} per file. */
    private static String serialize(Element element) throws Exception {
        var transformer = TransformerFactory.newDefaultInstance().newTransformer();
        transformer.setOutputProperty(OutputKeys.ENCODING, "UTF-8");
        StringWriter out = new StringWriter();
        transformer.transform(new DOMSource(element), new StreamResult(out));
        return out.toString();
    }
}
