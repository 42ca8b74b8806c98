package io.dtf.connector.email.impl;

import io.dtf.api.notify.Notification;
import io.dtf.api.notify.Severity;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A notification as an e-mail: the subject (the configured prefix and the title), an HTML part (a heading, the text,
 * a table of the fields, the links) and its plain text equivalent, which a client shows when it does not show HTML.
 * The HTML is simple and styled inline, as mail clients ignore style sheets. The text is Markdown: the HTML part
 * renders its paragraphs, lists, emphasis, code and links; the plain part keeps it as it is, Markdown being made
 * to read as text. Everything from the notification is escaped; links go out only with http, https or mailto.
 */
final class NotificationMail {
    private static final Pattern LINK = Pattern.compile("\\[([^\\]]+)]\\(((?:https?://|mailto:)[^)\\s]+)\\)");
    private static final Pattern BOLD = Pattern.compile("\\*\\*(.+?)\\*\\*");
    private static final Pattern CODE = Pattern.compile("`([^`]+)`");
    private static final Pattern LIST_ITEM = Pattern.compile("^\\s*[-*+]\\s+(.*)$");

    private NotificationMail() {
    }

    static String subject(String prefix, Notification notification) {
        String title = notification.title().replaceAll("\\s+", " ").strip();
        return prefix.isEmpty() ? title : prefix + " " + title;
    }

    static String text(Notification notification) {
        StringBuilder out = new StringBuilder();
        out.append(notification.title()).append("\n\n");
        if (!notification.text().isBlank()) {
            out.append(notification.text().strip()).append("\n\n");
        }
        for (Map.Entry<String, String> field : notification.fields().entrySet()) {
            out.append(field.getKey()).append(": ").append(field.getValue()).append('\n');
        }
        if (!notification.fields().isEmpty()) {
            out.append('\n');
        }
        for (Notification.Link link : notification.links()) {
            out.append(link.title()).append(": ").append(link.url()).append('\n');
        }
        if (!notification.links().isEmpty()) {
            out.append('\n');
        }
        out.append("-- \n").append(footer(notification)).append('\n');
        return out.toString();
    }

    static String html(Notification notification) {
        StringBuilder out = new StringBuilder(1024);
        out.append("<!DOCTYPE html>\n<html><head><meta charset=\"UTF-8\"><title>").append(escape(notification.title()))
                .append("</title></head>\n<body style=\"font-family:Arial,Helvetica,sans-serif;font-size:14px;"
                        + "color:#1f2328;margin:0;padding:16px\">\n");
        out.append("<h2 style=\"margin:0 0 12px 0;padding-left:8px;border-left:6px solid ")
                .append(colour(notification.severity())).append("\">").append(escape(notification.title()))
                .append("</h2>\n");
        if (!notification.text().isBlank()) {
            out.append(markdown(notification.text()));
        }
        if (!notification.fields().isEmpty()) {
            out.append("<table style=\"border-collapse:collapse;margin:12px 0\">\n");
            for (Map.Entry<String, String> field : notification.fields().entrySet()) {
                out.append("<tr><th style=\"text-align:left;padding:4px 12px 4px 0;color:#57606a;font-weight:normal;"
                                + "vertical-align:top\">").append(escape(field.getKey()))
                        .append("</th><td style=\"padding:4px 0\">").append(escape(field.getValue()))
                        .append("</td></tr>\n");
            }
            out.append("</table>\n");
        }
        if (!notification.links().isEmpty()) {
            out.append("<p style=\"margin:12px 0\">");
            List<String> links = new ArrayList<>();
            for (Notification.Link link : notification.links()) {
                links.add(anchor(link.title(), link.url().toString()));
            }
            out.append(String.join(" &middot; ", links)).append("</p>\n");
        }
        out.append("<p style=\"margin-top:24px;color:#57606a;font-size:12px\">").append(escape(footer(notification)))
                .append("</p>\n</body></html>\n");
        return out.toString();
    }

    private static String footer(Notification notification) {
        StringBuilder footer = new StringBuilder("Sent by DTF: ").append(notification.severity());
        if (notification.event() != null) {
            footer.append(", ").append(notification.event());
        }
        if (notification.run() != null) {
            footer.append(", run ").append(notification.run().value());
        }
        return footer.toString();
    }

    private static String colour(Severity severity) {
        return switch (severity) {
            case INFO -> "#1a7f37";
            case WARNING -> "#9a6700";
            case ERROR -> "#cf222e";
            case CRITICAL -> "#82071e";
        };
    }

    /** Paragraphs (blank lines between), lists ({@code - item}), and line breaks within a paragraph. */
    static String markdown(String text) {
        StringBuilder out = new StringBuilder();
        List<String> paragraph = new ArrayList<>();
        List<String> list = new ArrayList<>();
        for (String line : text.strip().split("\\R", -1)) {
            Matcher item = LIST_ITEM.matcher(line);
            if (line.isBlank()) {
                flush(out, paragraph, list);
            } else if (item.matches()) {
                flushParagraph(out, paragraph);
                list.add(item.group(1));
            } else {
                flushList(out, list);
                paragraph.add(line.strip());
            }
        }
        flush(out, paragraph, list);
        return out.toString();
    }

    private static void flush(StringBuilder out, List<String> paragraph, List<String> list) {
        flushParagraph(out, paragraph);
        flushList(out, list);
    }

    private static void flushParagraph(StringBuilder out, List<String> paragraph) {
        if (!paragraph.isEmpty()) {
            out.append("<p style=\"margin:0 0 12px 0\">");
            for (int i = 0; i < paragraph.size(); i++) {
                out.append(i == 0 ? "" : "<br>\n").append(inline(paragraph.get(i)));
            }
            out.append("</p>\n");
            paragraph.clear();
        }
    }

    private static void flushList(StringBuilder out, List<String> list) {
        if (!list.isEmpty()) {
            out.append("<ul style=\"margin:0 0 12px 0\">\n");
            for (String item : list) {
                out.append("<li>").append(inline(item)).append("</li>\n");
            }
            out.append("</ul>\n");
            list.clear();
        }
    }

    /** Links, code and bold within a line; the rest escaped. */
    private static String inline(String line) {
        StringBuilder out = new StringBuilder();
        Matcher link = LINK.matcher(line);
        int at = 0;
        while (link.find()) {
            out.append(emphasis(line.substring(at, link.start()))).append(anchor(link.group(1), link.group(2)));
            at = link.end();
        }
        return out.append(emphasis(line.substring(at))).toString();
    }

    private static String emphasis(String text) {
        String escaped = escape(text);
        escaped = CODE.matcher(escaped).replaceAll("<code style=\"background:#f6f8fa;padding:1px 4px\">$1</code>");
        return BOLD.matcher(escaped).replaceAll("<strong>$1</strong>");
    }

    private static String anchor(String title, String url) {
        String scheme = url.toLowerCase(Locale.ROOT);
        if (!scheme.startsWith("http://") && !scheme.startsWith("https://") && !scheme.startsWith("mailto:")) {
            return escape(title) + " (" + escape(url) + ")";
        }
        return "<a href=\"" + escape(url) + "\" style=\"color:#0969da\">" + escape(title) + "</a>";
    }

    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
