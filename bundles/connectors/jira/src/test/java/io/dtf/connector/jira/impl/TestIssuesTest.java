package io.dtf.connector.jira.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dtf.api.task.TestId;
import org.junit.jupiter.api.Test;

/** What a test's issue says, within Jira's limits, and the label it is found by. */
class TestIssuesTest {
    @Test
    void aSummaryIsOneLineWithinJirasLimitOf255() {
        String name = "add(int, int)[" + "x".repeat(400) + "]";

        String summary = TestIssues.summary("org.example.Calculator\t" + name);

        assertEquals(TestIssues.SUMMARY_LIMIT, summary.length());
        assertTrue(summary.startsWith("org.example.Calculator add(int, int)[xxx"), summary);
        assertTrue(summary.endsWith("x … fails"), summary);
        assertEquals("org.example.LoginTest.wrongPassword fails", TestIssues.summary("org.example.LoginTest.wrongPassword"));
    }

    @Test
    void aStackTraceIsCutToItsFirstLinesAndSaysHowManyWereLeftOut() {
        StringBuilder stack = new StringBuilder("java.lang.AssertionError: boom\n");
        for (int i = 0; i < 99; i++) {
            stack.append("\tat org.example.Deep.call").append(i).append("(Deep.java:").append(i).append(")\n");
        }

        String excerpt = TestIssues.excerpt(stack.toString());

        assertEquals(26, excerpt.split("\n").length);
        assertTrue(excerpt.startsWith("java.lang.AssertionError: boom\n\tat org.example.Deep.call0(Deep.java:0)\n"), excerpt);
        assertTrue(excerpt.endsWith("… 75 more lines\n"), excerpt);
    }

    @Test
    void theLabelIsThePrefixAndAShortHashOfTheTestIdWithoutSpaces() {
        String label = TestIssues.label("dtf-test-", TestId.of("org.example.Login Test", "wrong password"));

        assertTrue(label.matches("dtf-test-[0-9a-f]{12}"), label);
        assertEquals(label, TestIssues.label("dtf-test-", TestId.of("org.example.Login Test", "wrong password")));
    }

    @Test
    void wikiMarkupCannotBeEndedEarlyByTheTextItQuotes() {
        String wiki = new RichText().paragraph().link("a|b]c", java.net.URI.create("http://x.example/r"))
                .preformatted("before {noformat} after").wiki();

        assertEquals("[a/b)c|http://x.example/r]\n\n{noformat}\nbefore { noformat} after\n{noformat}", wiki);
    }

    @Test
    void jqlStringsAreQuotedWithTheirQuotesEscaped() {
        assertEquals("\"say \\\"hi\\\" \\\\ bye\"", TestIssues.quote("say \"hi\" \\ bye"));
    }
}
