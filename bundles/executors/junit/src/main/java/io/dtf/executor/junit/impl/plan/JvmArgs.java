package io.dtf.executor.junit.impl.plan;

import io.dtf.plan.PlanValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A junit task's {@code jvmArgs}: options of its test JVM, as Surefire's {@code argLine} has them. Each
 * string is split into words at spaces, as a shell would ({@code --add-opens java.base/java.lang=ALL-UNNAMED}
 * is two words), and quotes keep a word with spaces together ({@code "-Dgreeting=hello world"}).
 */
final class JvmArgs {
    /** Options whose value is the next word. */
    private static final Set<String> WITH_VALUE = Set.of("--add-opens", "--add-exports", "--add-reads",
            "--add-modules", "--limit-modules", "--module-path", "-p", "--upgrade-module-path", "--patch-module",
            "--enable-native-access");
    /** Options the junit executor sets itself. */
    private static final Set<String> OWN = Set.of("-jar", "-cp", "-classpath", "--class-path");

    private JvmArgs() {
    }

    /** The words of {@code text}; a problem when a quote is not closed. */
    static List<String> words(String text) {
        List<String> words = new ArrayList<>();
        StringBuilder word = null;
        char quote = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    word.append(c);
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
                word = word == null ? new StringBuilder() : word;
            } else if (Character.isWhitespace(c)) {
                if (word != null) {
                    words.add(word.toString());
                    word = null;
                }
            } else {
                word = word == null ? new StringBuilder() : word;
                word.append(c);
            }
        }
        if (quote != 0) {
            throw new IllegalArgumentException("the quote " + quote + " is not closed");
        }
        if (word != null) {
            words.add(word.toString());
        }
        return words;
    }

    /** What is wrong with these words as options of the test JVM, or {@code null}. */
    static String problem(List<String> words) {
        for (int i = 0; i < words.size(); i++) {
            String word = words.get(i);
            if (OWN.contains(word)) {
                return PlanValue.quote(word) + " is set by DTF: the test classes come from 'classpath' or 'maven'";
            }
            boolean value = i > 0 && WITH_VALUE.contains(words.get(i - 1));
            if (!value && !word.startsWith("-")) {
                return PlanValue.quote(word) + " is not a JVM option (those start with '-')";
            }
            if (WITH_VALUE.contains(word) && i == words.size() - 1) {
                return PlanValue.quote(word) + " needs a value after it";
            }
        }
        return null;
    }
}
