package io.dtf.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The codes are one catalogue: distinct, each with a title, each documented with its status. */
class ErrorCodeTest {

    @Test
    void everyCodeIsDistinctAndHasATitle() {
        Set<String> codes = new HashSet<>();
        for (ErrorCode code : ErrorCode.values()) {
            assertTrue(codes.add(code.code()), code + " repeats " + code.code());
            assertTrue(code.code().matches("DTF-\\d{4}"), code.code());
            assertFalse(code.title().isBlank(), code.name());
        }
    }

    @Test
    void everyCodeIsInTheRestApiDocumentWithItsStatus() throws Exception {
        String doc = Files.readString(Path.of("../../docs/rest-api.md"));
        for (ErrorCode code : ErrorCode.values()) {
            assertTrue(doc.contains("| `" + code.code() + "` | " + code.httpStatus() + " |"),
                    code.code() + " " + code.httpStatus() + " is not in docs/rest-api.md's table of codes");
        }
    }
}
