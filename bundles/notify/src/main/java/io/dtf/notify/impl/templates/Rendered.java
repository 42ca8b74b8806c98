package io.dtf.notify.impl.templates;

import java.util.Map;

/**
 * A notification's words as a template made them.
 *
 * @param title one line
 * @param text the body, Markdown
 * @param fields name/value facts, in order
 * @param template the template that made it ({@code slack/default.ftl}), or why none could
 */
public record Rendered(String title, String text, Map<String, String> fields, String template) {
    public Rendered {
        fields = Map.copyOf(fields);
    }
}
