package io.dtf.connector.prometheus.impl;

import java.net.URI;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.servlet.ServletContextHandler;
import org.eclipse.jetty.servlet.ServletHolder;

/** {@link MetricsServlet} on a Jetty 9.4 (the one pax-web 8 runs in Karaf) on a free loopback port. */
final class MetricsEndpoint implements AutoCloseable {
    private final Server jetty = new Server();

    MetricsEndpoint(DtfMetrics metrics) throws Exception {
        ServerConnector connector = new ServerConnector(jetty);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        jetty.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler();
        context.addServlet(new ServletHolder(new MetricsServlet(metrics)), MetricsServlet.PATH);
        jetty.setHandler(context);
        jetty.start();
    }

    int port() {
        return ((ServerConnector) jetty.getConnectors()[0]).getLocalPort();
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + port() + MetricsServlet.PATH);
    }

    @Override
    public void close() throws Exception {
        jetty.stop();
    }
}
