package io.dtf.client.impl.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A reader of TeamCity service messages written for the tests from TeamCity's documented grammar alone
 * (https://www.jetbrains.com/help/teamcity/service-messages.html), sharing no code with {@link ServiceMessages}:
 * {@code ##teamcity[messageName WSP propertyName OWSP=OWSP'value' ... OWSP]}, names Java identifiers, one message per
 * line, values escaped with {@code |} by the documented table ({@code |' |n |r || |[ |] |0xNNNN}). Anything else is
 * refused, strictly: an unescaped bracket or an unknown escape in a value, a message spanning lines.
 */
public final class TeamCityGrammar {
    /** One message: its name and its attributes in order. */
    public record Message(String name, Map<String, String> attributes) {
        public String get(String key) {
            return attributes.get(key);
        }
    }

    private final String line;
    private int at;

    private TeamCityGrammar(String line) {
        this.line = line;
    }

    /** The service messages among these lines of output; other lines are ignored, as TeamCity ignores them. */
    public static List<Message> read(String output) {
        List<Message> messages = new ArrayList<>();
        for (String line : output.split("\n", -1)) {
            if (line.startsWith("##teamcity[")) {
                messages.add(new TeamCityGrammar(line).message());
            }
        }
        return messages;
    }

    private Message message() {
        at = "##teamcity[".length();
        String name = identifier();
        Map<String, String> attributes = new LinkedHashMap<>();
        while (true) {
            boolean spaced = whitespace();
            if (peek() == ']') {
                at++;
                if (at != line.length()) {
                    throw fail("text after the closing bracket");
                }
                return new Message(name, attributes);
            }
            if (!spaced) {
                throw fail("no whitespace before an attribute");
            }
            String key = identifier();
            whitespace();
            expect('=');
            whitespace();
            expect('\'');
            if (attributes.put(key, value()) != null) {
                throw fail("attribute " + key + " twice");
            }
        }
    }

    private String identifier() {
        int start = at;
        if (!Character.isJavaIdentifierStart(peek())) {
            throw fail("not a name");
        }
        while (at < line.length() && (Character.isJavaIdentifierPart(line.charAt(at)) || line.charAt(at) == '-')) {
            at++;
        }
        return line.substring(start, at);
    }

    private String value() {
        StringBuilder v = new StringBuilder();
        while (true) {
            char c = next();
            switch (c) {
                case '\'' -> {
                    return v.toString();
                }
                case '[', ']', '\n', '\r' -> throw fail("unescaped " + c + " in a value");
                case '|' -> {
                    char e = next();
                    switch (e) {
                        case '\'' -> v.append('\'');
                        case 'n' -> v.append('\n');
                        case 'r' -> v.append('\r');
                        case '|' -> v.append('|');
                        case '[' -> v.append('[');
                        case ']' -> v.append(']');
                        case '0' -> {
                            expect('x');
                            if (at + 4 > line.length()) {
                                throw fail("short |0x escape");
                            }
                            v.append((char) Integer.parseInt(line.substring(at, at + 4), 16));
                            at += 4;
                        }
                        default -> throw fail("unknown escape |" + e);
                    }
                }
                default -> v.append(c);
            }
        }
    }

    private boolean whitespace() {
        int start = at;
        while (at < line.length() && (line.charAt(at) == ' ' || line.charAt(at) == '\t')) {
            at++;
        }
        return at > start;
    }

    private void expect(char c) {
        if (next() != c) {
            throw fail("expected " + c);
        }
    }

    private char peek() {
        return at < line.length() ? line.charAt(at) : '\0';
    }

    private char next() {
        if (at >= line.length()) {
            throw fail("the message ends early");
        }
        return line.charAt(at++);
    }

    private IllegalArgumentException fail(String why) {
        return new IllegalArgumentException(why + " at " + at + " of " + line);
    }
}
