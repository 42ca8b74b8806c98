package io.dtf.connector.slack.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dtf.api.notify.Notification;
import io.dtf.api.notify.Severity;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The limits of "Blocks", https://api.slack.com/reference/block-kit/blocks (a message at most 50 blocks; a header's
 * plain_text at most 150 characters; a section's text at most 3,000) and the mrkdwn of "Formatting text for app
 * surfaces", https://api.slack.com/reference/surfaces/formatting.
 */
class BlockKitTest {
    @Test
    void sectionsNeverOutnumberTheBlocksLeftAndSayHowManyLinesAreLeftOut() {
        List<String> lines = IntStream.range(0, 2_000).mapToObj(i -> String.format("%04d %s", i, "x".repeat(95))).toList();

        List<String> sections = BlockKit.sections(lines, 4, 1_000_000);

        assertEquals(4, sections.size());
        sections.forEach(text -> assertTrue(text.length() <= BlockKit.SECTION_LIMIT, "a section of " + text.length()));
        int shown = sections.stream().mapToInt(text -> (int) text.lines().filter(line -> !line.startsWith("_")).count()).sum();
        assertTrue(sections.get(3).endsWith("_… " + (2_000 - shown) + " more lines_"), sections.get(3));
        assertEquals(lines.subList(0, shown), sections.stream().flatMap(String::lines).filter(l -> !l.startsWith("_")).toList(),
                "the first lines, in order, none lost in between");
    }

    @Test
    void aLineLongerThanASectionIsSplitAndNothingIsLost() {
        String line = IntStream.range(0, 700).mapToObj(i -> String.format("%09d", i)).collect(Collectors.joining(" "));

        List<String> sections = BlockKit.sections(List.of(line), 10, 100_000);

        assertTrue(sections.size() > 2);
        sections.forEach(text -> assertTrue(text.length() <= BlockKit.SECTION_LIMIT, "a section of " + text.length()));
        assertEquals(line, String.join("", sections.stream().map(s -> s.replace("\n", "")).toList()));
    }

    @Test
    void theHeaderIsOneLineOfAt150Characters() {
        Map<String, Object> message = BlockKit.message(Notification.builder("x".repeat(300) + "\nsecond", Severity.WARNING).build());
        @SuppressWarnings("unchecked")
        Map<String, Object> header = (Map<String, Object>) ((List<Map<String, Object>>) message.get("blocks")).get(0);
        String text = (String) ((Map<?, ?>) header.get("text")).get("text");
        assertEquals(BlockKit.HEADER_LIMIT, text.length());
        assertTrue(text.startsWith(":warning: xxx") && text.endsWith("…"), text);
    }

    @Test
    void markdownBecomesMrkdwnButCodeStaysAsItIs() {
        assertEquals(List.of("*Failures*", "• ~old~ *new* <https://x.example/a?b=1&amp;c=2|link>", "```",
                        "**not bold** in &lt;code&gt;", "```"),
                Mrkdwn.lines("## Failures\n- ~~old~~ __new__ [link](https://x.example/a?b=1&c=2)\n```\n"
                        + "**not bold** in <code>\n```\n\n"));
    }
}
