package io.dtf.connector.prometheus.impl;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Locale;
import java.util.zip.GZIPOutputStream;
import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.http.whiteboard.HttpWhiteboardConstants;

/**
 * {@code GET /metrics} on Karaf's HTTP service (HTTP Whiteboard, pax-web's Jetty): DTF's metrics in the format the
 * scraper asks for ({@link Exposition}), gzipped when it accepts gzip, as Prometheus does. One per Karaf, whatever
 * connector instances are configured: it needs no configuration. Open like {@code /health}: metrics hold counts and
 * states, no run ids or secrets; put the port behind the network rules that protect Karaf's HTTP service.
 */
@Component(service = Servlet.class, property = {
    HttpWhiteboardConstants.HTTP_WHITEBOARD_SERVLET_PATTERN + "=" + MetricsServlet.PATH,
    HttpWhiteboardConstants.HTTP_WHITEBOARD_SERVLET_NAME + "=dtf-metrics"
})
public class MetricsServlet extends HttpServlet {
    static final String PATH = "/metrics";
    private static final long serialVersionUID = 1L;

    @Reference
    private transient DtfMetrics metrics;

    public MetricsServlet() {
    }

    /** For tests: a servlet serving these metrics. */
    MetricsServlet(DtfMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Exposition format = Exposition.forAccept(request.getHeader("Accept"));
        byte[] body = format.bytes(metrics.scrape());
        response.setStatus(HttpServletResponse.SC_OK);
        response.setContentType(format.contentType());
        String encodings = request.getHeader("Accept-Encoding");
        if (encodings != null && encodings.toLowerCase(Locale.ROOT).contains("gzip")) {
            response.setHeader("Content-Encoding", "gzip");
            try (OutputStream out = new GZIPOutputStream(response.getOutputStream())) {
                out.write(body);
            }
        } else {
            response.setContentLength(body.length);
            response.getOutputStream().write(body);
        }
    }
}
