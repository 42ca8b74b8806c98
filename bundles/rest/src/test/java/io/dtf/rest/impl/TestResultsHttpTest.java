package io.dtf.rest.impl;

import static io.dtf.rest.impl.ApiHttpTest.json;
import static io.dtf.rest.impl.ApiHttpTest.problem;
import static io.dtf.rest.impl.TestServer.VIEWER;
import static io.dtf.testkit.TaskBuilder.T0;
import static io.dtf.testkit.TaskBuilder.task;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.dtf.api.task.StoredTestCase;
import io.dtf.api.task.TaskId;
import io.dtf.api.task.TaskResult;
import io.dtf.api.task.TaskState;
import io.dtf.api.task.TestCaseResult;
import io.dtf.api.task.TestCaseStatus;
import io.dtf.api.task.TestId;
import io.dtf.api.worker.WorkerId;
import io.dtf.http.DtfJson;
import java.io.ByteArrayInputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The test-level routes over HTTP. Run r7 has task r7.1 "unit", passed in its second attempt on w2: test a failed
 * in the first attempt and passed in the second, c failed in both, b passed in both; and task r7.2 "lint", failed
 * without test cases.
 */
class TestResultsHttpTest {
    private static final TestId A = TestId.of("org.example.LoginTest", "a");

    @TempDir
    static Path logs;
    static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        server = new TestServer(logs, Map.of());
        TaskResult unit = new TaskResult(TaskState.PASSED, Duration.ofSeconds(3), 0, null, List.of(
                test("a", TestCaseStatus.PASSED, 30, Map.of("testrail_case_id", "C42"), "second try\n"),
                test("b", TestCaseStatus.PASSED, 10, Map.of(), null),
                test("c", TestCaseStatus.FAILED, 20, Map.of(), null)), List.of(), Map.of(), null, null);
        TaskResult lint = new TaskResult(TaskState.FAILED, Duration.ofSeconds(1), 2, "exit code 2", List.of(),
                List.of(), Map.of(), null, "lint: 3 problems");
        server.coordinator.addRun("r7", "nightly",
                task().id("r7.1").name("unit").result(unit).build().withState(TaskState.PASSED, 2, WorkerId.of("w2")),
                task().id("r7.2").name("lint").result(lint).build());
        server.coordinator.addEarlierTestCases(
                earlier(test("a", TestCaseStatus.FAILED, 31, Map.of(), "first try\n")),
                earlier(test("b", TestCaseStatus.PASSED, 11, Map.of(), null)),
                earlier(test("c", TestCaseStatus.FAILED, 21, Map.of(), null)));
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    private static TestCaseResult test(String name, TestCaseStatus status, long millis, Map<String, String> properties,
                                       String out) {
        return new TestCaseResult("suite", "org.example.LoginTest", name, status, Duration.ofMillis(millis),
                status.isFailure() ? name + " broke" : null,
                status.isFailure() ? "java.lang.AssertionError: " + name + " broke\n\tat x.y(Z.java:1)" : null, false,
                properties, out, null);
    }

    private static StoredTestCase earlier(TestCaseResult result) {
        return new StoredTestCase(TaskId.of("r7.1"), "unit", 1, result, null, WorkerId.of("w1"), T0);
    }

    @Test
    void aRunsTestsWithEveryAttemptShowWhatFailedBeforeItPassed() throws Exception {
        List<String> all = describe(json(server.get("/api/v1/runs/r7/tests?attempts=all", VIEWER)));
        assertEquals(List.of("a@1 FAILED w1", "a@2 PASSED w2", "b@1 PASSED w1", "b@2 PASSED w2", "c@1 FAILED w1",
                "c@2 FAILED w2"), all);
        assertEquals(List.of("a@2 PASSED w2", "b@2 PASSED w2", "c@2 FAILED w2"),
                describe(json(server.get("/api/v1/runs/r7/tests", VIEWER))));
        assertEquals(List.of("a@1 FAILED w1", "c@1 FAILED w1", "c@2 FAILED w2"),
                describe(json(server.get("/api/v1/runs/r7/tests?attempts=all&status=failed", VIEWER))));
        JsonNode first = json(server.get("/api/v1/runs/r7/tests?limit=1", VIEWER)).get("items").get(0);
        assertEquals(A.value(), first.get("test").asText());
        assertEquals("C42", first.get("result").get("properties").get("testrail_case_id").asText());
        assertEquals("second try\n", first.get("result").get("systemOut").asText());

        assertEquals(Set.of("query.attempts"),
                problem(server.get("/api/v1/runs/r7/tests?attempts=some", VIEWER), 400, "DTF-1002"));
        problem(server.get("/api/v1/runs/r999/tests", VIEWER), 404, "DTF-1004");
        problem(server.get("/api/v1/runs/r7/tests", null), 401, "DTF-1401");
    }

    @Test
    void aTestsHistoryNewestFirst() throws Exception {
        JsonNode history = json(server.get("/api/v1/tests/" + A + "/history?limit=5", VIEWER));
        assertEquals(List.of("a@2 PASSED w2", "a@1 FAILED w1"), describe(history));
        assertEquals(5, history.get("limit").asInt());
        assertEquals(List.of("a@2 PASSED w2"), describe(json(server.get("/api/v1/tests/" + A + "/history?limit=1",
                VIEWER))));
        assertEquals(Set.of("path.testId"), problem(server.get("/api/v1/tests/org.example.LoginTest/history", VIEWER),
                400, "DTF-1002"));
        assertEquals(Set.of("query.limit"),
                problem(server.get("/api/v1/tests/" + A + "/history?limit=0", VIEWER), 400, "DTF-1002"));
    }

    @Test
    void theSlowestTestsOfARun() throws Exception {
        JsonNode slowest = json(server.get("/api/v1/tests/slowest?run=r7&limit=2", VIEWER));
        List<String> names = new ArrayList<>();
        slowest.get("items").forEach(t -> names.add(t.get("name").asText() + " " + t.get("mean").asText()));
        assertEquals(List.of("a PT0.03S", "c PT0.02S"), names);
        assertEquals(3, json(server.get("/api/v1/tests/slowest", VIEWER)).get("items").size());
        problem(server.get("/api/v1/tests/slowest?run=r999", VIEWER), 404, "DTF-1004");
        assertEquals(Set.of("query.runs"),
                problem(server.get("/api/v1/tests/slowest?run=r7&runs=3", VIEWER), 400, "DTF-1002"));
        assertEquals(Set.of("query.runs"),
                problem(server.get("/api/v1/tests/slowest?runs=101", VIEWER), 400, "DTF-1002"));
    }

    @Test
    void theRunsMergedJUnitXmlHasTheRetriesAsSurefireWritesThem() throws Exception {
        HttpResponse<String> response = server.get("/api/v1/runs/r7/junit.xml", VIEWER);
        assertEquals(200, response.statusCode(), response.body());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/xml"));
        Document xml = DocumentBuilderFactory.newDefaultInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(response.body().getBytes(StandardCharsets.UTF_8)));
        Element root = xml.getDocumentElement();
        assertEquals("testsuites", root.getTagName());
        assertEquals("4", root.getAttribute("tests"), "a, b, c and the lint task");
        assertEquals("2", root.getAttribute("failures"), "c and the lint task");

        Element a = testCase(xml, "a");
        assertEquals("0.030", a.getAttribute("time"));
        assertEquals(List.of("properties", "flakyFailure", "system-out"), children(a));
        Element flaky = (Element) a.getElementsByTagName("flakyFailure").item(0);
        assertEquals("a broke", flaky.getAttribute("message"));
        assertEquals("java.lang.AssertionError", flaky.getAttribute("type"));
        assertEquals(List.of("stackTrace", "system-out"), children(flaky));
        assertEquals("first try\n", flaky.getElementsByTagName("system-out").item(0).getTextContent());
        assertEquals("second try\n", ((Element) a.getElementsByTagName("system-out").item(1)).getTextContent());
        Element property = (Element) a.getElementsByTagName("property").item(0);
        assertEquals("testrail_case_id=C42", property.getAttribute("name") + "=" + property.getAttribute("value"));

        assertEquals(List.of(), children(testCase(xml, "b")), "passed every time: nothing inside");
        Element c = testCase(xml, "c");
        assertEquals(List.of("failure", "rerunFailure"), children(c));
        assertTrue(c.getElementsByTagName("failure").item(0).getTextContent().startsWith("java.lang.AssertionError"));

        Element lint = testCase(xml, "lint");
        assertEquals("exit code 2", ((Element) lint.getElementsByTagName("failure").item(0)).getAttribute("message"));

        problem(server.get("/api/v1/runs/r999/junit.xml", VIEWER), 404, "DTF-1004");
    }

    private static Element testCase(Document xml, String name) {
        NodeList cases = xml.getElementsByTagName("testcase");
        for (int i = 0; i < cases.getLength(); i++) {
            Element c = (Element) cases.item(i);
            if (c.getAttribute("name").equals(name)) {
                return c;
            }
        }
        throw new AssertionError("no test case " + name);
    }

    private static List<String> children(Element element) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < element.getChildNodes().getLength(); i++) {
            if (element.getChildNodes().item(i) instanceof Element child) {
                names.add(child.getTagName());
            }
        }
        return names;
    }

    private static List<String> describe(JsonNode page) throws Exception {
        List<String> lines = new ArrayList<>();
        for (JsonNode item : page.get("items")) {
            StoredTestCase test = DtfJson.mapper().treeToValue(item, StoredTestCase.class);
            lines.add(test.result().name() + "@" + test.attempt() + " " + test.result().status() + " " + test.worker());
        }
        return lines;
    }
}
