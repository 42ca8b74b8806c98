package io.dtf.ci.github.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dtf.api.ci.TestRunResult;
import io.dtf.api.task.TestCaseResult;
import io.dtf.api.task.TestCaseStatus;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What a check run's output holds, within the limits of "Update a check run"
 * (https://docs.github.com/en/rest/checks/runs#update-a-check-run): summary and text at most 65535 characters,
 * an annotation's path, start_line, end_line and annotation_level required, its message and raw_details at most
 * 64 KB, its title at most 255 characters.
 */
class CheckRunOutputTest {

    @Test
    void anAnnotationPointsAtTheFileAndLineTheTestCaseNames() {
        TestCaseResult test = failed("org.example.FooTest", "bar", "boom", Map.of("file", "web/tests/foo.spec.ts", "line", "17"));

        Map<String, Object> annotation = CheckRunOutput.annotation(test, "src/test/java");

        assertEquals("web/tests/foo.spec.ts", annotation.get("path"));
        assertEquals(17, annotation.get("start_line"));
        assertEquals(17, annotation.get("end_line"));
        assertEquals("failure", annotation.get("annotation_level"));
        assertEquals("org.example.FooTest.bar", annotation.get("title"));
        assertEquals("boom", annotation.get("message"));
    }

    @Test
    void withoutAFileTheAnnotationPointsAtTheClassSourceUnderTheSourceRoot() {
        assertEquals("src/test/java/org/example/FooTest.java",
                CheckRunOutput.path(failed("org.example.FooTest$Nested", "bar", "x", Map.of()), "src/test/java/"));
        assertEquals("tests/checkout", CheckRunOutput.path(new TestCaseResult("checkout", null, "pays", TestCaseStatus.ERROR,
                Duration.ZERO, null, null, false), "tests"));
        Map<String, Object> noMessage = CheckRunOutput.annotation(new TestCaseResult("s", "a.B", "c", TestCaseStatus.ERROR,
                Duration.ZERO, null, null, false), "src/test/java");
        assertEquals("error", noMessage.get("message"), "GitHub requires a message");
        assertEquals(1, noMessage.get("start_line"));
        assertTrue(!noMessage.containsKey("raw_details"));
    }

    @Test
    void messagesAndDetailsAreCutTo64KilobytesBetweenCharacters() {
        String huge = "é".repeat(40_000) + "😀".repeat(10_000);
        TestCaseResult test = new TestCaseResult("s", "a.B", "c", TestCaseStatus.FAILED, Duration.ZERO, huge, huge, false);

        Map<String, Object> annotation = CheckRunOutput.annotation(test, "src");

        for (String field : new String[] {"message", "raw_details"}) {
            String value = (String) annotation.get(field);
            int bytes = value.getBytes(StandardCharsets.UTF_8).length;
            assertTrue(bytes <= 64 * 1024 && bytes > 64 * 1024 - 4, field + ": " + bytes + " bytes");
            assertTrue(huge.startsWith(value), "cut at a character, not inside one");
        }
        assertTrue(((String) CheckRunOutput.annotation(failed("a.B", "x".repeat(400), "m", Map.of()), "s").get("title"))
                .length() <= 255);
    }

    @Test
    void theTextFencesMessagesThatHoldBackticks() {
        TestRunResult result = GitHubContract.finished("r1", 0);
        result = new TestRunResult(result.run(), result.name(), io.dtf.api.task.RunState.FAILED, result.tasks(),
                result.tests(), result.duration(), java.util.List.of(failed("a.B", "c", "expected ```x``` but was y",
                Map.of())), 3, result.link(), Map.of());

        String text = CheckRunOutput.text(result, 1);

        assertTrue(text.contains("\n````\nexpected ```x``` but was y\n````\n"), text);
        assertTrue(text.contains("3 more failed tests are not shown here"), "those the report left out: " + text);
    }

    @Test
    void aRunWithoutFailuresHasNoText() {
        assertNull(CheckRunOutput.text(GitHubContract.finished("r1", 0), 0));
    }

    private static TestCaseResult failed(String className, String name, String message, Map<String, String> properties) {
        return new TestCaseResult("suite", className, name, TestCaseStatus.FAILED, Duration.ZERO, message, null, false,
                properties, null, null);
    }
}
