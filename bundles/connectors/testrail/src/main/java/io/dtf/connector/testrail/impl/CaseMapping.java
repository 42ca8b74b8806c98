package io.dtf.connector.testrail.impl;

import io.dtf.api.task.TestCaseResult;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Finds the TestRail cases a DTF test case stands for: by a property of its JUnit XML test case
 * ({@code <property name="testrail_case_id" value="C123"/>}) or by a naming rule, a pattern found in its name whose
 * first group is a case id ({@code C123 login works}). A test case may stand for several TestRail cases, and one
 * case may be covered by several tests.
 */
final class CaseMapping {
    /** One case id as TestRail shows it ({@code C123}) or as a number. */
    private static final Pattern CASE_ID = Pattern.compile("(?i)^C?(\\d{1,18})$");

    private final String property;
    private final Pattern namePattern;

    private CaseMapping(String property, Pattern namePattern) {
        this.property = property;
        this.namePattern = namePattern;
    }

    /** Cases named by the JUnit XML property {@code property}. */
    static CaseMapping byProperty(String property) {
        if (property == null || property.isBlank()) {
            throw new IllegalArgumentException("caseProperty must name a JUnit XML property, e.g. testrail_case_id");
        }
        return new CaseMapping(property.strip(), null);
    }

    /** Cases found in test names by {@code regex}, its first group the id. */
    static CaseMapping byName(String regex) {
        Pattern pattern;
        try {
            pattern = Pattern.compile(regex == null ? "" : regex);
        } catch (PatternSyntaxException bad) {
            throw new IllegalArgumentException("caseNamePattern is not a regular expression: " + bad.getDescription()
                    + " in " + regex, bad);
        }
        if (pattern.matcher("").groupCount() < 1) {
            throw new IllegalArgumentException("caseNamePattern needs a group capturing the case id, e.g. \\bC(\\d+)\\b: "
                    + regex);
        }
        return new CaseMapping(null, pattern);
    }

    /** The mapping a configuration asks for ({@code property} or {@code name}). */
    static CaseMapping of(String kind, String property, String namePattern) {
        return switch (kind == null ? "" : kind.strip().toLowerCase(Locale.ROOT)) {
            case "property" -> byProperty(property);
            case "name" -> byName(namePattern);
            default -> throw new IllegalArgumentException("caseMapping must be property or name, not " + kind);
        };
    }

    /** The case ids of a test case, in order, each once; empty when it names none. */
    Set<Long> cases(TestCaseResult test) {
        Set<Long> ids = new LinkedHashSet<>();
        if (namePattern == null) {
            String value = test.properties().get(property);
            for (String part : value == null ? new String[0] : value.split("[,\\s]+")) {
                Matcher id = CASE_ID.matcher(part.strip());
                if (id.matches()) {
                    ids.add(Long.parseLong(id.group(1)));
                }
            }
        } else {
            Matcher found = namePattern.matcher(test.name() == null ? "" : test.name());
            while (found.find()) {
                Matcher id = CASE_ID.matcher(found.group(1) == null ? "" : found.group(1));
                if (id.matches()) {
                    ids.add(Long.parseLong(id.group(1)));
                }
            }
        }
        return ids;
    }

    /** What this mapping looks at, for a message about tests it did not map. */
    String describe() {
        return namePattern == null ? "the JUnit XML property " + property : "the name pattern " + namePattern.pattern();
    }
}
