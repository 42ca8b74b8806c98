package io.dtf.api.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dtf.api.DtfException;
import io.dtf.api.ErrorCode;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class TestIdTest {

    @Test
    void theSameClassAndNameAreTheSameTestAndEachParameterSetIsATestOfItsOwn() {
        TestId first = TestId.of("org.example.CalcTest", "adds(int, int)[1]");
        assertEquals(first, TestId.of(" org.example.CalcTest ", "adds(int, int)[1]"), "surrounding blanks do not count");
        assertTrue(first.value().matches("[0-9a-f]{20}"), first.value());
        assertNotEquals(first, TestId.of("org.example.CalcTest", "adds(int, int)[2]"));
        assertNotEquals(first, TestId.of("org.example.OtherTest", "adds(int, int)[1]"));
        assertEquals(first, TestId.parse(first.value()));
    }

    @Test
    void theTestsOfOneClassShareTheirFirstEightDigits() {
        String a = TestId.of("org.example.CalcTest", "adds").value();
        String b = TestId.of("org.example.CalcTest", "divides").value();
        assertEquals(a.substring(0, 8), b.substring(0, 8));
        assertNotEquals(a.substring(8), b.substring(8));
        assertNotEquals(a.substring(0, 8), TestId.of("org.example.OtherTest", "adds").value().substring(0, 8));
    }

    @Test
    void aTestCaseWithoutAClassIsKnownByItsSuite() {
        TestCaseResult pytest = new TestCaseResult("tests/test_login.py", null, "test_login[chrome]",
                TestCaseStatus.PASSED, Duration.ZERO, null, null, false);
        assertEquals(TestId.of("tests/test_login.py", "test_login[chrome]"), pytest.id());
    }

    @Test
    void aTextThatIsNoTestIdIsRefusedByName() {
        DtfException e = assertThrows(DtfException.class, () -> TestId.parse("org.example.CalcTest#adds"));
        assertEquals(ErrorCode.INVALID_ARGUMENT, e.code());
        assertTrue(e.getMessage().startsWith("'org.example.CalcTest#adds' is not a test id"), e.getMessage());
    }
}
