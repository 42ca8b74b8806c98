package io.dtf.connector.slack.impl;

import io.dtf.api.notify.Notification;
import io.dtf.api.notify.Severity;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A notification as a Block Kit message ("Blocks", https://api.slack.com/reference/block-kit/blocks): a header with the
 * title, the text in mrkdwn sections, the fields in a section's two columns, and a context line with the links and
 * labels; and the top-level {@code text}, which Slack shows in notifications and screen readers read.
 *
 * <p>It stays within Slack's limits, so that Slack never refuses a long notification ({@code invalid_blocks},
 * {@code msg_blocks_too_long}): at most 50 blocks a message; a header's text at most 150 characters; a section's text
 * at most 3,000; at most 10 fields a section, each at most 2,000. Beyond those documented limits, Slack refuses a
 * message whose blocks hold more than about 13,000 characters in all (slackapi/bolt-js#2509), so the text keeps to
 * {@link #TEXT_BUDGET}. What does not fit is left out whole lines at a time, and the message says how many: "… 412
 * more lines", "… 3 more".
 */
final class BlockKit {
    static final int MAX_BLOCKS = 50;
    static final int HEADER_LIMIT = 150;
    static final int SECTION_LIMIT = 3_000;
    static final int MAX_FIELDS = 10;
    static final int FIELD_LIMIT = 2_000;
    static final int CONTEXT_LIMIT = 3_000;
    /** The characters all text sections together hold, below what Slack takes in one message's blocks. */
    static final int TEXT_BUDGET = 10_000;
    private static final String ELLIPSIS = "…";

    private BlockKit() {
    }

    /** The body fields {@code text} and {@code blocks} of a message for the notification. */
    static Map<String, Object> message(Notification notification) {
        List<Map<String, Object>> blocks = new ArrayList<>();
        blocks.add(json("type", "header", "text", json("type", "plain_text",
                "text", cut(severityEmoji(notification.severity()) + " " + oneLine(notification.title()), HEADER_LIMIT),
                "emoji", true)));
        Map<String, Object> fields = fields(notification.fields());
        Map<String, Object> context = context(notification);
        int textBlocks = MAX_BLOCKS - blocks.size() - (fields == null ? 0 : 1) - (context == null ? 0 : 1);
        for (String text : sections(Mrkdwn.lines(notification.text()), textBlocks, TEXT_BUDGET)) {
            blocks.add(section(text));
        }
        if (fields != null) {
            blocks.add(fields);
        }
        if (context != null) {
            blocks.add(context);
        }
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("text", cut(oneLine(notification.title()), SECTION_LIMIT));
        message.put("blocks", blocks);
        return message;
    }

    /**
     * The lines packed into at most {@code maxSections} texts of at most {@link #SECTION_LIMIT} characters and
     * {@code budget} in all; a line longer than a section is split. When lines are left out, the last text says how
     * many.
     */
    static List<String> sections(List<String> lines, int maxSections, int budget) {
        List<String> sections = new ArrayList<>();
        if (lines.isEmpty() || maxSections < 1) {
            return sections;
        }
        String note = "_" + ELLIPSIS + " " + lines.size() + " more lines_";   // the longest note this can need
        int room = budget - note.length() - 1;
        StringBuilder current = new StringBuilder();
        int used = 0;
        int shown = 0;
        lines:
        for (String line : lines) {
            List<String> pieces = pieces(line.isEmpty() ? " " : line);
            for (String piece : pieces) {
                int need = piece.length() + (current.isEmpty() ? 0 : 1);
                if (current.length() + need > SECTION_LIMIT - note.length() - 1) {
                    if (sections.size() + 1 >= maxSections) {
                        break lines;
                    }
                    sections.add(current.toString());
                    current.setLength(0);
                    need = piece.length();
                }
                if (used + need > room) {
                    break lines;
                }
                current.append(current.isEmpty() ? "" : "\n").append(piece);
                used += need;
            }
            shown++;
        }
        int left = lines.size() - shown;
        if (left > 0) {
            current.append(current.isEmpty() ? "" : "\n").append("_").append(ELLIPSIS).append(' ').append(left)
                    .append(left == 1 ? " more line_" : " more lines_");
        }
        if (!current.isEmpty()) {
            sections.add(current.toString());
        }
        return sections;
    }

    /** The fields as a section's fields, at most {@link #MAX_FIELDS}: the last says how many more there were. */
    static Map<String, Object> fields(Map<String, String> fields) {
        if (fields.isEmpty()) {
            return null;
        }
        List<Map<String, Object>> shown = new ArrayList<>();
        int shownMax = fields.size() > MAX_FIELDS ? MAX_FIELDS - 1 : MAX_FIELDS;
        for (Map.Entry<String, String> field : fields.entrySet()) {
            if (shown.size() == shownMax) {
                break;
            }
            shown.add(mrkdwn(cut("*" + Mrkdwn.escape(oneLine(field.getKey())) + "*\n"
                    + Mrkdwn.escape(field.getValue() == null ? "" : field.getValue()), FIELD_LIMIT)));
        }
        if (fields.size() > shownMax) {
            shown.add(mrkdwn("_" + ELLIPSIS + " " + (fields.size() - shownMax) + " more_"));
        }
        return json("type", "section", "fields", shown);
    }

    /** The links and the labels, as a context block; {@code null} when there are neither. */
    private static Map<String, Object> context(Notification notification) {
        List<Map<String, Object>> elements = new ArrayList<>();
        List<String> links = new ArrayList<>();
        notification.links().forEach(link -> links.add(Mrkdwn.link(oneLine(link.title()), link.url().toString())));
        if (!links.isEmpty()) {
            elements.add(mrkdwn(cut(String.join(" · ", links), CONTEXT_LIMIT)));
        }
        List<String> labels = new ArrayList<>();
        notification.labels().forEach((name, value) -> labels.add("`" + Mrkdwn.escape(name + "=" + value) + "`"));
        if (!labels.isEmpty()) {
            elements.add(mrkdwn(cut(String.join(" ", labels), CONTEXT_LIMIT)));
        }
        return elements.isEmpty() ? null : json("type", "context", "elements", elements);
    }

    private static Map<String, Object> section(String text) {
        return json("type", "section", "text", mrkdwn(text));
    }

    private static Map<String, Object> mrkdwn(String text) {
        return json("type", "mrkdwn", "text", text);
    }

    /** A JSON object of these names and values, in this order (as Slack's reference writes them: type first). */
    private static Map<String, Object> json(Object... namesAndValues) {
        Map<String, Object> object = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            object.put((String) namesAndValues[i], namesAndValues[i + 1]);
        }
        return object;
    }

    /** A line in pieces of at most a section's length, less room for the note. */
    private static List<String> pieces(String line) {
        int size = SECTION_LIMIT / 2;
        List<String> pieces = new ArrayList<>();
        for (int start = 0; start < line.length(); start += size) {
            pieces.add(line.substring(start, Math.min(line.length(), start + size)));
        }
        return pieces;
    }

    static String cut(String text, int limit) {
        return text.length() <= limit ? text : text.substring(0, limit - ELLIPSIS.length()) + ELLIPSIS;
    }

    private static String oneLine(String text) {
        return text.replaceAll("\\s+", " ").strip();
    }

    private static String severityEmoji(Severity severity) {
        return switch (severity) {
            case INFO -> ":information_source:";
            case WARNING -> ":warning:";
            case ERROR -> ":red_circle:";
            case CRITICAL -> ":rotating_light:";
        };
    }
}
