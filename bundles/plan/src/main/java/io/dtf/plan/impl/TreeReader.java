package io.dtf.plan.impl;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.util.JsonParserDelegate;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Reads plan text into a tree, turning every syntax error into one problem with line and column, in words
 * a user understands (no parser class names, no stack traces). Refuses what the tree would silently get
 * wrong: duplicate keys, YAML aliases, several YAML documents.
 */
public final class TreeReader {
    private static final Pattern SOURCE_REF =
            Pattern.compile("\\[Source: [^\\]]*?; line: (\\d+), column: (\\d+)\\]");
    private static final Pattern DUPLICATE = Pattern.compile("Duplicate field '(.*)'", Pattern.DOTALL);

    private final ObjectMapper json;
    private final ObjectMapper yaml;

    public TreeReader(int maxCodePoints) {
        json = new ObjectMapper(JsonFactory.builder()
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .build());
        LoaderOptions options = new LoaderOptions();
        options.setCodePointLimit(maxCodePoints + 1);
        yaml = new ObjectMapper(YAMLFactory.builder()
                .loaderOptions(options)
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .build());
    }

    /** The tree of the text, or {@code null} after adding the one problem that stopped reading. */
    public JsonNode read(String text, boolean isJson, Problems problems) {
        ObjectMapper mapper = isJson ? json : yaml;
        try (JsonParser raw = mapper.createParser(text)) {
            JsonParser parser = isJson ? raw : new AliasRefusing((YAMLParser) raw);
            JsonNode tree = mapper.readTree(parser);
            if (tree == null || tree.isMissingNode()) {
                problems.add("", "the plan is empty");
                return null;
            }
            if (!onlyEmptyLeft(parser)) {
                problems.add("", at(raw.currentTokenLocation()) + (isJson
                        ? "unexpected content after the end of the plan"
                        : "a plan is one YAML document: remove the second one (after '---')"));
                return null;
            }
            return tree;
        } catch (AliasException e) {
            problems.add("", at(e.location) + "YAML aliases (*" + e.alias
                    + ") are not supported in a plan: write the value out");
        } catch (JsonProcessingException e) {
            problems.add("", describe(e));
        } catch (IOException | RuntimeException e) {
            // what a parser may throw beyond its own exceptions (e.g. snakeyaml's limits)
            problems.add("", "cannot read the plan: " + clean(String.valueOf(e.getMessage())));
        }
        return null;
    }

    /** Whether nothing but an empty YAML document (a trailing {@code ---}) follows the plan. */
    private static boolean onlyEmptyLeft(JsonParser parser) throws IOException {
        JsonToken next = parser.nextToken();
        if (next == null) {
            return true;
        }
        boolean empty = next == JsonToken.VALUE_NULL || next == JsonToken.VALUE_STRING && parser.getText().isEmpty();
        return empty && parser.nextToken() == null;
    }

    private static String describe(JsonProcessingException e) {
        if (e.getCause() instanceof MarkedYAMLException yamlError) {
            return describe(yamlError);
        }
        String message = e.getOriginalMessage();
        Matcher duplicate = DUPLICATE.matcher(message);
        JsonLocation location = e.getLocation();
        if (duplicate.matches()) {
            message = "duplicate key '" + duplicate.group(1) + "'";
            if (e.getProcessor() instanceof YAMLParser p) {
                location = p.currentTokenLocation(); // where the key starts, not where it ends
            }
        }
        return at(location) + clean(message);
    }

    private static String describe(MarkedYAMLException e) {
        Mark problemMark = e.getProblemMark();
        Mark contextMark = e.getContextMark();
        String problem = e.getProblem() == null ? "not valid YAML" : e.getProblem().strip();
        StringBuilder out = new StringBuilder();
        if (problemMark != null) {
            out.append(at(problemMark.getLine() + 1, problemMark.getColumn() + 1));
        }
        out.append(clean(problem));
        if (e.getContext() != null && !e.getContext().isBlank()) {
            out.append(" (").append(clean(e.getContext().strip()));
            if (contextMark != null && problemMark != null && contextMark.getLine() != problemMark.getLine()) {
                out.append(" started at line ").append(contextMark.getLine() + 1)
                        .append(", column ").append(contextMark.getColumn() + 1);
            }
            out.append(')');
        }
        return out.toString();
    }

    /** One line, without parser internals. */
    private static String clean(String message) {
        String m = SOURCE_REF.matcher(message).replaceAll("line $1, column $2");
        m = m.replace("\n", " ").replaceAll("\\s+", " ").strip();
        return m;
    }

    private static String at(JsonLocation location) {
        if (location == null || location.getLineNr() < 1) {
            return "";
        }
        return at(location.getLineNr(), location.getColumnNr());
    }

    private static String at(int line, int column) {
        return "line " + line + ", column " + column + ": ";
    }

    /** Thrown when the YAML uses an alias: Jackson would give the alias's name as a string instead. */
    private static final class AliasException extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final transient JsonLocation location;
        final String alias;

        AliasException(JsonLocation location, String alias) {
            super(alias, null, false, false);
            this.location = location;
            this.alias = alias;
        }
    }

    private static final class AliasRefusing extends JsonParserDelegate {
        private final YAMLParser yaml;

        AliasRefusing(YAMLParser yaml) {
            super(yaml);
            this.yaml = yaml;
        }

        @Override
        public JsonToken nextToken() throws IOException {
            return check(super.nextToken());
        }

        @Override
        public JsonToken nextValue() throws IOException {
            return check(super.nextValue());
        }

        @Override
        public String nextFieldName() throws IOException {
            String name = super.nextFieldName();
            check(currentToken());
            return name;
        }

        private JsonToken check(JsonToken token) throws IOException {
            if (yaml.isCurrentAlias()) {
                throw new AliasException(yaml.currentTokenLocation(), yaml.getText());
            }
            return token;
        }
    }
}
