package io.dtf.http.impl.pagination;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class LinkHeaderPagesTest {
    @Test
    void theNextLinkAmongOthers() {
        assertEquals("https://api.github.com/repositories/1/issues?page=3", LinkHeaderPages.nextOf(
                "<https://api.github.com/repositories/1/issues?page=1>; rel=\"prev\", "
                        + "<https://api.github.com/repositories/1/issues?page=3>; rel=\"next\", "
                        + "<https://api.github.com/repositories/1/issues?page=9>; rel=\"last\""));
    }

    @Test
    void relsWithSeveralTypesUnquotedOnesAndOtherParameters() {
        assertEquals("/p2", LinkHeaderPages.nextOf("</p2>; title=\"x\"; rel=\"next last\""));
        assertEquals("/p2", LinkHeaderPages.nextOf("</p2>;rel=next"));
        assertNull(LinkHeaderPages.nextOf("</p0>; rel=\"prev\", </p9>; rel=\"nextish-not\""));
    }

    @Test
    void noNextOnTheLastPage() {
        assertNull(LinkHeaderPages.nextOf("<https://gitlab.example/api/v4/projects?page=1>; rel=\"first\""));
    }
}
