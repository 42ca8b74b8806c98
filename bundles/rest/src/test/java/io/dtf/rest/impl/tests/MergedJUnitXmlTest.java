package io.dtf.rest.impl.tests;

import static io.dtf.testkit.TaskBuilder.task;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dtf.api.task.RunSummary;
import io.dtf.api.task.StoredTestCase;
import io.dtf.api.task.Task;
import io.dtf.api.task.TaskResult;
import io.dtf.api.task.TaskState;
import io.dtf.api.task.TestCaseQuery;
import io.dtf.api.task.TestCaseResult;
import io.dtf.api.task.TestCaseStatus;
import io.dtf.api.worker.WorkerId;
import io.dtf.testkit.FakeCoordinator;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** The merged document of runs without retries: every task's outcome is in it, and what XML cannot hold is not. */
class MergedJUnitXmlTest {

    @Test
    void tasksWithoutTestCasesOrWithAnOutcomeTheirTestsHideAreTestCasesOfTheirOwn() throws Exception {
        Task unit = task().id("r7.1").name("unit").result(result(TaskState.PASSED, null, null,
                test("adds", TestCaseStatus.PASSED, null), test("skips", TestCaseStatus.SKIPPED, "disabled")))
                .build().withState(TaskState.PASSED, 1, WorkerId.of("host-w1"));
        Task lang = task().id("r7.2").name("lang").result(result(TaskState.FAILED, 1, null,
                test("parses <&>", TestCaseStatus.FAILED, "expected 1 \u0007but was 2"))).build();
        Task smoke = task().id("r7.3").name("smoke").result(result(TaskState.PASSED, 0, null)).build();
        Task slow = task().id("r7.4").name("slow").result(new TaskResult(TaskState.TIMED_OUT, Duration.ofMinutes(10),
                null, "timed out after PT10M", List.of(), List.of(), Map.of(), null, "last line of slow")).build();
        Task it = task().id("r7.5").name("it").result(result(TaskState.FAILED, 2, null,
                test("ok", TestCaseStatus.PASSED, null))).build();

        Document doc = write(unit, lang, smoke, slow, it);
        Element root = doc.getDocumentElement();
        assertEquals("web (r7)", root.getAttribute("name"));
        assertEquals("7", root.getAttribute("tests"), "4 stored, 3 for tasks");
        assertEquals("2", root.getAttribute("failures"));
        assertEquals("1", root.getAttribute("errors"));
        assertEquals("1", root.getAttribute("skipped"));
        NodeList suites = root.getElementsByTagName("testsuite");
        assertEquals(5, suites.getLength());
        assertEquals("host-w1", ((Element) suites.item(0)).getAttribute("hostname"));

        Element failing = first((Element) suites.item(1), "testcase");
        assertEquals("parses <&>", failing.getAttribute("name"));
        Element failure = first(failing, "failure");
        assertEquals("expected 1 \uFFFDbut was 2", failure.getAttribute("message"));
        assertEquals("java.lang.AssertionError", failure.getAttribute("type"));
        Element smokeCase = first((Element) suites.item(2), "testcase");
        assertEquals("dtf.web", smokeCase.getAttribute("classname"));
        assertEquals(0, smokeCase.getChildNodes().getLength(), "passed: nothing inside");
        Element error = first(first((Element) suites.item(3), "testcase"), "error");
        assertEquals("timed out after PT10M", error.getAttribute("message"));
        assertEquals("TIMED_OUT", error.getAttribute("type"));
        assertEquals("last line of slow", error.getTextContent());
        NodeList itCases = ((Element) suites.item(4)).getElementsByTagName("testcase");
        assertEquals("it (task)", ((Element) itCases.item(1)).getAttribute("name"));
        assertEquals("failed, exit code 2", first((Element) itCases.item(1), "failure").getAttribute("message"));
    }

    @Test
    void aTestThatPassedOnARerunWithinItsAttemptKeepsThatRunAsAFlakyFailure() throws Exception {
        TestCaseResult flaky = new TestCaseResult("suite", "org.x.ClientTest", "connects", TestCaseStatus.PASSED,
                Duration.ofMillis(5), "Connection refused", "java.net.ConnectException: Connection refused", true);
        Document doc = write(task().id("r7.1").name("unit").result(result(TaskState.PASSED, 0, null, flaky)).build());
        Element rerun = first(first(doc.getDocumentElement(), "testcase"), "flakyFailure");
        assertEquals("java.net.ConnectException", rerun.getAttribute("type"));
        assertEquals("java.net.ConnectException: Connection refused", first(rerun, "stackTrace").getTextContent());
    }

    @Test
    void theTypeOfAFailureIsTakenFromItsStackTraceAsSurefireDoes() {
        assertEquals("org.opentest4j.AssertionFailedError", MergedJUnitXml.type(
                "org.opentest4j.AssertionFailedError: expected: <1> but was: <2>\n\tat x", TestCaseStatus.FAILED));
        assertEquals("java.lang.NullPointerException", MergedJUnitXml.type("java.lang.NullPointerException\n\tat x",
                TestCaseStatus.ERROR));
        assertEquals("failed", MergedJUnitXml.type(null, TestCaseStatus.FAILED));
    }

    private static TestCaseResult test(String name, TestCaseStatus status, String message) {
        String details = status.isFailure() ? "java.lang.AssertionError: " + message + "\n\tat org.x.BTest.parses" : null;
        return new TestCaseResult("suite", "org.x.BTest", name, status, Duration.ofMillis(500), message, details, false);
    }

    private static TaskResult result(TaskState state, Integer exit, String message, TestCaseResult... cases) {
        return new TaskResult(state, Duration.ofMillis(1500), exit, message, List.of(cases), List.of(), Map.of(), null,
                null);
    }

    /** The document of run r7 "web" of these tasks, each ended in its first attempt. */
    private static Document write(Task... tasks) throws Exception {
        FakeCoordinator coordinator = new FakeCoordinator();
        RunSummary run = coordinator.addRun("r7", "web", tasks);
        List<StoredTestCase> latest = coordinator.testCases(new TestCaseQuery(run.run().id(), null,
                null, null));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int written = new MergedJUnitXml(run, List.of(tasks), latest, latest).write(out);
        Document doc = DocumentBuilderFactory.newDefaultInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(out.toByteArray()));
        assertEquals(String.valueOf(written), doc.getDocumentElement().getAttribute("tests"));
        assertTrue(out.toString(StandardCharsets.UTF_8).startsWith("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"));
        return doc;
    }

    private static Element first(Element parent, String name) {
        return (Element) parent.getElementsByTagName(name).item(0);
    }
}
