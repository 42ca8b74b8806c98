package io.dtf.connector.slack.impl;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Markdown (what {@code Notification.text} holds) as Slack's mrkdwn ("Formatting text for app surfaces",
 * https://api.slack.com/reference/surfaces/formatting): {@code &}, {@code <} and {@code >} escaped as Slack asks,
 * {@code [title](url)} as {@code <url|title>}, {@code **bold**} and {@code __bold__} as {@code *bold*},
 * {@code ~~struck~~} as {@code ~struck~}, headings as bold lines, list markers as bullets. Code spans and fenced code
 * are the same in both and are only escaped.
 */
final class Mrkdwn {
    private static final Pattern LINK = Pattern.compile("\\[([^\\]\\n]+)]\\((https?://[^)\\s]+)\\)");
    private static final Pattern BOLD = Pattern.compile("(\\*\\*|__)(?=\\S)(.+?)(?<=\\S)\\1");
    private static final Pattern STRIKE = Pattern.compile("~~(?=\\S)(.+?)(?<=\\S)~~");
    private static final Pattern HEADING = Pattern.compile("^\\s{0,3}#{1,6}\\s+(.*?)\\s*#*\\s*$");
    private static final Pattern BULLET = Pattern.compile("^(\\s*)[-*+]\\s+");
    private static final String FENCE = "```";

    private Mrkdwn() {
    }

    /** The Markdown as mrkdwn lines, in order. */
    static List<String> lines(String markdown) {
        List<String> lines = new ArrayList<>();
        boolean inFence = false;
        for (String line : markdown.split("\\R", -1)) {
            String escaped = escape(line);
            if (line.strip().startsWith(FENCE)) {
                inFence = !inFence;
                lines.add(escaped);
            } else {
                lines.add(inFence ? escaped : inline(escaped));
            }
        }
        while (!lines.isEmpty() && lines.get(lines.size() - 1).isBlank()) {
            lines.remove(lines.size() - 1);
        }
        return lines;
    }

    /** Text escaped as Slack asks of mrkdwn: {@code &amp;}, {@code &lt;}, {@code &gt;}. */
    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    /** A link in mrkdwn: {@code <url|title>}, the title escaped and without the {@code |} that would end it. */
    static String link(String title, String url) {
        return "<" + url + "|" + escape(title).replace('|', '/') + ">";
    }

    private static String inline(String line) {
        var heading = HEADING.matcher(line);
        String text = heading.matches() ? "*" + heading.group(1) + "*" : BULLET.matcher(line).replaceFirst("$1• ");
        text = LINK.matcher(text).replaceAll(m -> java.util.regex.Matcher.quoteReplacement(
                "<" + m.group(2) + "|" + m.group(1).replace('|', '/') + ">"));
        text = BOLD.matcher(text).replaceAll("*$2*");
        return STRIKE.matcher(text).replaceAll("~$1~");
    }
}
