package io.dtf.rest.impl;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.osgi.service.http.runtime.dto.RuntimeDTO;
import org.osgi.service.http.runtime.dto.ServletContextDTO;
import org.osgi.service.http.runtime.dto.ServletDTO;

class WhiteboardWatchTest {
    @Test
    void theServletCountsAsDeployedOnlyWhenAContextListsIt() {
        RuntimeDTO runtime = new RuntimeDTO();
        assertFalse(WhiteboardWatch.lists(runtime, "dtf-rest"), "no contexts yet");
        ServletContextDTO empty = new ServletContextDTO();
        ServletContextDTO withOthers = new ServletContextDTO();
        withOthers.servletDTOs = new ServletDTO[] {servlet("console")};
        runtime.servletContextDTOs = new ServletContextDTO[] {empty, withOthers};
        assertFalse(WhiteboardWatch.lists(runtime, "dtf-rest"));
        ServletContextDTO ours = new ServletContextDTO();
        ours.servletDTOs = new ServletDTO[] {servlet("console"), servlet("dtf-rest")};
        runtime.servletContextDTOs = new ServletContextDTO[] {empty, withOthers, ours};
        assertTrue(WhiteboardWatch.lists(runtime, "dtf-rest"));
        assertFalse(WhiteboardWatch.lists(null, "dtf-rest"));
    }

    private static ServletDTO servlet(String name) {
        ServletDTO dto = new ServletDTO();
        dto.name = name;
        return dto;
    }
}
