package io.dtf.http.impl.response;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.JsonNode;
import io.dtf.http.DtfJson;
import org.junit.jupiter.api.Test;

class VendorErrorsTest {
    @Test
    void eachVendorsPlaceForItsErrorText() throws Exception {
        assertEquals("Bad credentials", message("{\"message\":\"Bad credentials\",\"documentation_url\":\"x\"}"));
        assertEquals("channel_not_found", message("{\"ok\":false,\"error\":\"channel_not_found\"}"));
        assertEquals("Repository not found", message("{\"type\":\"error\",\"error\":{\"message\":\"Repository not found\"}}"));
        assertEquals("Access token is invalid", message("{\"error_message\":\"Access token is invalid\"}"));
        assertEquals("invalid_grant; The code has expired",
                message("{\"error\":\"invalid_grant\",\"error_description\":\"The code has expired\"}"));
        assertEquals("Issue does not exist; key: bad", message("{\"errorMessages\":[\"Issue does not exist\"],\"errors\":{\"key\":\"bad\"}}"));
        assertEquals("Validation Failed; already_exists", message("{\"message\":\"Validation Failed\",\"errors\":[{\"code\":\"already_exists\"}]}"));
    }

    @Test
    void noneOfThemIsNoText() throws Exception {
        assertNull(message("{\"status\":500}"));
        assertNull(message("{\"message\":\"  \"}"));
    }

    private static String message(String json) throws Exception {
        JsonNode doc = DtfJson.mapper().readTree(json);
        return VendorErrors.message(doc);
    }
}
