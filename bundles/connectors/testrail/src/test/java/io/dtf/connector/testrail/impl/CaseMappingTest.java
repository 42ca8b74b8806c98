package io.dtf.connector.testrail.impl;

import static io.dtf.connector.testrail.impl.TestRailFixture.test;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dtf.api.task.TestCaseStatus;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Both mapping rules: a JUnit XML property, and a name pattern with a group capturing the case id. */
class CaseMappingTest {
    @Test
    void thePropertyTakesC123Or123AndSeveralSeparatedByCommas() {
        CaseMapping mapping = CaseMapping.of("property", "testrail_case_id", null);

        assertEquals(Set.of(123L), mapping.cases(test("a", TestCaseStatus.PASSED, 0, Map.of("testrail_case_id", "C123"))));
        assertEquals(Set.of(123L), mapping.cases(test("a", TestCaseStatus.PASSED, 0, Map.of("testrail_case_id", " 123 "))));
        assertEquals(List.of(1L, 2L, 3L), List.copyOf(mapping.cases(test("a", TestCaseStatus.PASSED, 0,
                Map.of("testrail_case_id", "C1, c2 3")))));
        assertTrue(mapping.cases(test("a", TestCaseStatus.PASSED, 0, Map.of("testrail_case_id", "PROJ-1"))).isEmpty());
        assertTrue(mapping.cases(test("C5 in the name", TestCaseStatus.PASSED, 0, Map.of())).isEmpty(),
                "the property rule does not look at names");
    }

    @Test
    void theNamePatternFindsEveryMatchOfItsGroup() {
        CaseMapping mapping = CaseMapping.of("name", null, "\\bC(\\d+)\\b");

        assertEquals(List.of(5L, 6L), List.copyOf(mapping.cases(test("C5 and C6: login", TestCaseStatus.PASSED, 0, Map.of()))));
        assertTrue(mapping.cases(test("ABC5 login", TestCaseStatus.PASSED, 0, Map.of())).isEmpty());
        CaseMapping custom = CaseMapping.of("name", null, "\\[TR-(\\d+)]");
        assertEquals(Set.of(42L), custom.cases(test("login works [TR-42]", TestCaseStatus.PASSED, 0, Map.of())));
    }

    @Test
    void aBadRuleIsAClearConfigurationError() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> CaseMapping.of("name", null, "C\\d+"))
                .getMessage().contains("needs a group"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> CaseMapping.of("name", null, "C(\\d+"))
                .getMessage().contains("not a regular expression"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> CaseMapping.of("title", null, null))
                .getMessage().contains("property or name"));
    }
}
