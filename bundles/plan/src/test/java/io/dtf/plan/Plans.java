package io.dtf.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.dtf.api.DtfException;
import io.dtf.api.ErrorCode;
import io.dtf.api.Problem;
import java.util.List;

/** Test helpers: parse with the standard defaults, or collect the problems of an invalid plan. */
final class Plans {
    static final PlanParser PARSER = new PlanParser(PlanDefaults.STANDARD);

    private Plans() {
    }

    static Plan yaml(String text) {
        return PARSER.parse(text, "test.yaml");
    }

    /** The problems, as {@code location: message} lines, of a plan that must be refused. */
    static List<String> problems(String text, String source) {
        DtfException e = assertThrows(DtfException.class, () -> PARSER.parse(text, source));
        assertEquals(ErrorCode.INVALID_PLAN, e.code());
        return e.problems().stream().map(Problem::toString).toList();
    }

    static List<String> yamlProblems(String text) {
        return problems(text, "test.yaml");
    }

    static List<String> jsonProblems(String text) {
        return problems(text, "test.json");
    }
}
