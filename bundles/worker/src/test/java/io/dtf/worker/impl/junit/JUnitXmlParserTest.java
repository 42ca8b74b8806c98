package io.dtf.worker.impl.junit;

import static io.dtf.api.task.TestCaseStatus.ERROR;
import static io.dtf.api.task.TestCaseStatus.FAILED;
import static io.dtf.api.task.TestCaseStatus.PASSED;
import static io.dtf.api.task.TestCaseStatus.SKIPPED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dtf.api.task.TestCaseResult;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JUnitXmlParserTest {
    private final JUnitXmlParser parser = new JUnitXmlParser();

    private List<TestCaseResult> parse(String fixture) throws IOException {
        try (InputStream in = getClass().getResourceAsStream("/junit-xml/" + fixture)) {
            return parser.parse(in, fixture);
        }
    }

    private static TestCaseResult named(List<TestCaseResult> cases, String name) {
        return cases.stream().filter(c -> c.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no test case " + name + " in " + cases));
    }

    @Test
    void surefire() throws IOException {
        List<TestCaseResult> cases = parse("surefire-basic.xml");
        assertEquals(5, cases.size());
        assertEquals(List.of(PASSED, ERROR, FAILED, SKIPPED, PASSED), cases.stream().map(TestCaseResult::status).toList());

        TestCaseResult passed = cases.get(0);
        assertEquals("com.example.calc.CalculatorTest", passed.suite());
        assertEquals("com.example.calc.CalculatorTest", passed.className());
        assertEquals("addsTwoNumbers", passed.name());
        assertEquals(Duration.ofMillis(4), passed.duration());
        assertNull(passed.message());
        assertFalse(passed.flaky());

        TestCaseResult error = named(cases, "dividesByZero");
        assertEquals("/ by zero", error.message());
        assertTrue(error.details().startsWith("java.lang.ArithmeticException: / by zero\n\tat com.example"));

        TestCaseResult failure = named(cases, "subtracts");
        assertEquals("expected: <1> but was: <-1>", failure.message());
        assertTrue(failure.details().contains("CalculatorTest.java:27"));
        assertFalse(failure.details().contains("rounding mode"), "system-err is not the failure");

        assertEquals("not on CI", named(cases, "multipliesLargeNumbers").message());
        assertEquals(Duration.ZERO, named(cases, "multipliesLargeNumbers").duration());
        assertEquals(PASSED, named(cases, "[1] 2, 3, 5").status());
    }

    @Test
    void surefireRerunsAndFlakyTests() throws IOException {
        List<TestCaseResult> cases = parse("surefire-rerun.xml");
        assertEquals(4, cases.size());

        TestCaseResult flakyFailure = named(cases, "connectsOnSecondTry");
        assertEquals(PASSED, flakyFailure.status());
        assertTrue(flakyFailure.flaky());
        assertEquals("Connection refused", flakyFailure.message());
        assertTrue(flakyFailure.details().contains("Client.java:40"));
        assertFalse(flakyFailure.details().contains("try 1"), "the re-run's output is not its details");

        TestCaseResult flakyError = named(cases, "readsWithinTimeout");
        assertEquals(PASSED, flakyError.status());
        assertTrue(flakyError.flaky());

        TestCaseResult failedEveryRun = named(cases, "answersHealthCheck");
        assertEquals(FAILED, failedEveryRun.status());
        assertFalse(failedEveryRun.flaky());
        assertEquals("expected: <200> but was: <503>", failedEveryRun.message());

        TestCaseResult rerunError = named(cases, "closesCleanly");
        assertEquals(ERROR, rerunError.status());
        assertEquals("Socket closed", rerunError.message());
        assertEquals(Duration.ofMillis(201), rerunError.duration());
    }

    @Test
    void failsafeSummaryHasNoTestCases() throws IOException {
        assertEquals(List.of(), parse("failsafe-summary.xml"));
    }

    @Test
    void pytest() throws IOException {
        List<TestCaseResult> cases = parse("pytest.xml");
        assertEquals(6, cases.size());
        cases.forEach(c -> assertEquals("pytest", c.suite(), "the <testsuites> name is not a suite"));

        assertEquals("tests.test_math", named(cases, "test_add").className());
        TestCaseResult failure = named(cases, "test_divide");
        assertEquals(FAILED, failure.status());
        assertEquals("assert 0.5 == 2", failure.message());
        assertTrue(failure.details().contains(">       assert divide(1, 2) == 2"));

        TestCaseResult skipped = named(cases, "test_sqrt_negative");
        assertEquals(SKIPPED, skipped.status());
        assertEquals("needs complex numbers", skipped.message());
        assertEquals(SKIPPED, named(cases, "test_future").status());
        assertEquals("not implemented yet", named(cases, "test_future").message());

        TestCaseResult setupError = named(cases, "test_insert[sqlite]");
        assertEquals(ERROR, setupError.status());
        assertEquals("tests.db.test_repo", setupError.className());
        assertEquals("failed on setup with \"ConnectionError: db down\"", setupError.message());
        assertEquals(PASSED, named(cases, "test_insert[memory]").status());
    }

    @Test
    void jestJunit() throws IOException {
        List<TestCaseResult> cases = parse("jest-junit.xml");
        assertEquals(4, cases.size());
        TestCaseResult failure = named(cases, "Calculator divides by zero");
        assertEquals("Calculator", failure.suite());
        assertEquals(FAILED, failure.status());
        assertEquals("Error: expect(received).toThrow()", failure.message(), "first line when there is no message");
        assertTrue(failure.details().contains("at new Promise (<anonymous>)"));
        assertEquals(SKIPPED, named(cases, "Calculator rounds half up").status());
        assertNull(named(cases, "Calculator rounds half up").message());
        assertEquals("api client", named(cases, "api client retries on 503").suite());
        assertEquals(Duration.ofMillis(398), named(cases, "api client retries on 503").duration());
    }

    @Test
    void goJunitReport() throws IOException {
        List<TestCaseResult> cases = parse("go-junit-report.xml");
        assertEquals(5, cases.size());
        TestCaseResult subtest = named(cases, "TestTotal/with_discount");
        assertEquals("github.com/example/shop/cart", subtest.suite());
        assertEquals(FAILED, subtest.status());
        assertEquals("Failed", subtest.message());
        assertEquals("cart_test.go:42: total = 90, want 85", subtest.details());
        assertEquals(SKIPPED, named(cases, "TestSlow").status());
        TestCaseResult build = named(cases, "[build failed]");
        assertEquals(ERROR, build.status());
        assertEquals("github.com/example/shop/payment", build.suite());
        assertTrue(build.details().contains("undefined: stripeClient"));
    }

    @Test
    void nestedSuitesAreJoinedBySlashes() throws IOException {
        List<TestCaseResult> cases = parse("nested-suites.xml");
        assertEquals(List.of("All/Unit/MathTest", "All/Unit/MathTest", "All/Integration"),
                cases.stream().map(TestCaseResult::suite).toList());
        TestCaseResult failure = named(cases, "testSubtract");
        assertEquals(FAILED, failure.status());
        assertEquals("MathTest::testSubtract", failure.message());
    }

    @Test
    void timesWithCommasOrMissing() throws IOException {
        List<TestCaseResult> cases = parse("time-formats.xml");
        assertEquals(Duration.ofMillis(1_234_500), named(cases, "thousandsSeparator").duration());
        assertEquals(Duration.ofMillis(250), named(cases, "decimalComma").duration());
        assertEquals(Duration.ofMillis(1_234_500), named(cases, "germanThousands").duration());
        assertEquals(Duration.ZERO, named(cases, "noTime").duration());
        assertEquals(Duration.ZERO, named(cases, "garbage").duration());
        assertEquals(Duration.ofMillis(12_500), JUnitXmlParser.time("12.5s"));
        assertEquals(Duration.ZERO, JUnitXmlParser.time("-1"));
        assertEquals(Duration.ZERO, JUnitXmlParser.time("1e300"));
    }

    @Test
    void aMalformedReportIsAnIOExceptionSayingWhere() {
        IOException e = assertThrows(IOException.class, () -> parse("malformed.xml"));
        assertTrue(e.getMessage().startsWith("malformed.xml:"), e.getMessage());
    }

    @Test
    void externalEntitiesAreNeverRead() {
        IOException e = assertThrows(IOException.class, () -> parse("xxe.xml"));
        assertFalse(e.getMessage().contains("root:"), e.getMessage());
    }

    @Test
    void aCaseWithoutNameOrClassIsStillCounted() throws IOException {
        List<TestCaseResult> cases = parser.parse(new ByteArrayInputStream(
                "<testsuite><testcase><failure type='AssertionError'/></testcase></testsuite>"
                        .getBytes(StandardCharsets.UTF_8)), "inline");
        assertEquals(1, cases.size());
        assertNull(cases.get(0).suite());
        assertEquals("(unnamed)", cases.get(0).name());
        assertEquals("AssertionError", cases.get(0).message());
    }

    @Test
    void propertiesOfTheTestCaseAndOfItsSuiteButNotTheJvmsSystemProperties() throws IOException {
        List<TestCaseResult> cases = parse("properties-and-output.xml");
        TestCaseResult login = named(cases, "test_login[chrome]");
        assertEquals(List.of("ARCH", "jira", "testrail_case_id", "note"), List.copyOf(login.properties().keySet()));
        assertEquals("C1234", login.properties().get("testrail_case_id"));
        assertEquals("DTF-7, DTF-8", login.properties().get("jira"), "its own win over the suite's; twice is both");
        assertEquals("x86_64", login.properties().get("ARCH"));
        assertEquals("two\nlines", login.properties().get("note"));
        assertEquals(Map.of("ARCH", "x86_64", "jira", "SUITE-1"), named(cases, "test_logout").properties());
        assertEquals(Map.of(), named(cases, "works").properties(),
                "a suite with java.version holds the JVM's system properties: none are the test's");
    }

    @Test
    void outputOfEachTestCase() throws IOException {
        List<TestCaseResult> cases = parse("properties-and-output.xml");
        TestCaseResult login = named(cases, "test_login[chrome]");
        assertEquals("opening chrome\n", login.systemOut());
        assertEquals("warning: slow <page>\n", login.systemErr());
        assertEquals("LOUD", named(cases, "test_logout").systemOut());
        assertNull(named(cases, "test_logout").systemErr());
        assertNull(named(cases, "works").systemOut());
        assertNull(named(parse("surefire-rerun.xml"), "connectsOnSecondTry").systemOut(),
                "the output inside a flakyFailure is the failed run's, not the test's");
    }

    @Test
    void aLargeOutputIsKeptAsItsHeadAndTail() throws IOException {
        String middle = "x".repeat(1_000_000);
        String xml = "<testsuite name=\"s\"><testcase classname=\"C\" name=\"noisy\"><system-out>BEGIN\n" + middle
                + "<![CDATA[" + middle + "]]>\nEND</system-out></testcase></testsuite>";
        TestCaseResult noisy = parser.parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)), "big.xml")
                .get(0);
        assertEquals(TestCaseResult.OUTPUT_LIMIT, noisy.systemOut().length());
        assertTrue(noisy.systemOut().startsWith("BEGIN\nxxx"));
        assertTrue(noisy.systemOut().endsWith("xxx\nEND"));
        assertTrue(noisy.systemOut().contains("[... 2000010 characters, the middle left out ...]"), noisy.systemOut()
                .substring(2000, 2100));
        assertEquals(TestCaseResult.excerpt("BEGIN\n" + middle + middle + "\nEND", TestCaseResult.OUTPUT_LIMIT),
                noisy.systemOut(), "the same excerpt as of the whole text");
    }
}
