package io.dtf.connector.jira.impl;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A description or comment as DTF writes it, in the form each Jira takes: Atlassian Document Format on Cloud's REST
 * API v3 ("Atlassian Document Format", https://developer.atlassian.com/cloud/jira/platform/apis/document/structure/:
 * a {@code doc} of version 1 whose blocks are {@code paragraph}s of {@code text} nodes with {@code code} and
 * {@code link} marks, and {@code codeBlock}s), wiki markup on Data Center's REST API v2 ({@code {{code}}},
 * {@code [text|url]}, {@code {noformat}}). Text nodes of ADF may not be empty, so empty pieces are left out.
 */
final class RichText {
    private sealed interface Block permits Paragraph, Preformatted {
    }

    private record Inline(String text, boolean code, URI link) {
    }

    private record Paragraph(List<Inline> parts) implements Block {
    }

    private record Preformatted(String text) implements Block {
    }

    private final List<Block> blocks = new ArrayList<>();
    private List<Inline> open;

    /** Starts a new paragraph. */
    RichText paragraph() {
        open = new ArrayList<>();
        blocks.add(new Paragraph(open));
        return this;
    }

    RichText text(String text) {
        return inline(new Inline(text, false, null));
    }

    RichText code(String text) {
        return inline(new Inline(text, true, null));
    }

    RichText link(String text, URI url) {
        return inline(new Inline(text, false, url));
    }

    /** A block of preformatted text (a message, a stack trace); left out when empty. */
    RichText preformatted(String text) {
        if (text != null && !text.isBlank()) {
            blocks.add(new Preformatted(text.stripTrailing()));
        }
        open = null;
        return this;
    }

    private RichText inline(Inline part) {
        if (open == null) {
            paragraph();
        }
        if (part.text() != null && !part.text().isEmpty()) {
            open.add(part);
        }
        return this;
    }

    /** The document in the form the deployment's REST API takes: an ADF document (a map) or wiki markup (a string). */
    Object render(Deployment deployment) {
        return deployment == Deployment.CLOUD ? adf() : wiki();
    }

    Map<String, Object> adf() {
        List<Object> content = new ArrayList<>();
        for (Block block : blocks) {
            if (block instanceof Paragraph p && !p.parts().isEmpty()) {
                List<Object> nodes = new ArrayList<>();
                for (Inline part : p.parts()) {
                    Map<String, Object> node = new LinkedHashMap<>();
                    node.put("type", "text");
                    node.put("text", part.text());
                    if (part.code()) {
                        node.put("marks", List.of(Map.of("type", "code")));
                    } else if (part.link() != null) {
                        node.put("marks", List.of(Map.of("type", "link", "attrs", Map.of("href", part.link().toString()))));
                    }
                    nodes.add(node);
                }
                content.add(Map.of("type", "paragraph", "content", nodes));
            } else if (block instanceof Preformatted pre) {
                content.add(Map.of("type", "codeBlock", "content", List.of(Map.of("type", "text", "text", pre.text()))));
            }
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("type", "doc");
        doc.put("version", 1);
        doc.put("content", content);
        return doc;
    }

    String wiki() {
        StringBuilder out = new StringBuilder();
        for (Block block : blocks) {
            if (block instanceof Paragraph p && !p.parts().isEmpty()) {
                for (Inline part : p.parts()) {
                    if (part.code()) {
                        out.append("{{").append(part.text()).append("}}");
                    } else if (part.link() != null) {
                        out.append('[').append(part.text().replace("|", "/").replace("]", ")")).append('|')
                                .append(part.link()).append(']');
                    } else {
                        out.append(part.text());
                    }
                }
                out.append("\n\n");
            } else if (block instanceof Preformatted pre) {
                out.append("{noformat}\n").append(pre.text().replace("{noformat}", "{ noformat}")).append("\n{noformat}\n\n");
            }
        }
        return out.toString().stripTrailing();
    }
}
