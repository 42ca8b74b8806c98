package io.dtf.http.impl.connection;

import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;
import org.apache.hc.client5.http.auth.AuthScope;
import org.apache.hc.client5.http.auth.UsernamePasswordCredentials;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.auth.BasicCredentialsProvider;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.ssl.ClientTlsStrategyBuilder;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;

/**
 * The connections of one client to its server: Apache HttpClient 5 with a pool, connect and response
 * time-outs, a forward proxy and a trust store when configured, and nothing done behind the caller's
 * back (no automatic retries, redirects or cookies: the exchange decides about retries, and a redirect
 * is an answer like any other). Only a proxy's {@code 407} is answered here, with its credentials.
 * Thread-safe.
 */
public final class PooledConnections implements Closeable {
    private final CloseableHttpClient http;
    private final RequestConfig defaults;

    public PooledConnections(ConnectionSettings settings) {
        PoolingHttpClientConnectionManagerBuilder pool = PoolingHttpClientConnectionManagerBuilder.create();
        if (settings.tls() != null) {
            pool.setTlsSocketStrategy(ClientTlsStrategyBuilder.create().setSslContext(settings.tls()).buildClassic());
        }
        PoolingHttpClientConnectionManager connections = pool
                .setDefaultConnectionConfig(ConnectionConfig.custom()
                        .setConnectTimeout(Timeout.of(settings.connectTimeout()))
                        .setSocketTimeout(Timeout.of(settings.responseTimeout()))
                        // a connection idle for a while is checked before reuse: the server may have restarted
                        .setValidateAfterInactivity(TimeValue.ofSeconds(1))
                        .build())
                .setMaxConnTotal(settings.maxConnections())
                .setMaxConnPerRoute(settings.maxConnections())
                .build();
        this.defaults = RequestConfig.custom()
                .setResponseTimeout(Timeout.of(settings.responseTimeout()))
                .setConnectionRequestTimeout(Timeout.of(settings.connectTimeout().plus(settings.responseTimeout())))
                .setRedirectsEnabled(false)
                .build();
        HttpClientBuilder client = HttpClients.custom();
        if (settings.proxy() != null) {
            client.setProxy(proxy(settings.proxy(), client));
        }
        this.http = client
                .setConnectionManager(connections)
                .setDefaultRequestConfig(defaults)
                .disableAutomaticRetries()
                .disableCookieManagement()
                .disableRedirectHandling()
                .evictIdleConnections(TimeValue.ofSeconds(30))
                .setUserAgent(settings.userAgent())
                .build();
    }

    private static HttpHost proxy(ProxySettings proxy, HttpClientBuilder client) {
        HttpHost host = new HttpHost(proxy.host(), proxy.port());
        if (proxy.user() != null) {
            BasicCredentialsProvider credentials = new BasicCredentialsProvider();
            credentials.setCredentials(new AuthScope(host), new UsernamePasswordCredentials(proxy.user(),
                    proxy.password() == null ? new char[0] : proxy.password().toCharArray()));
            client.setDefaultCredentialsProvider(credentials);
        }
        return host;
    }

    /**
     * Sends the request and opens its answer, which the caller closes.
     *
     * @param responseTimeout how long to wait for this answer; {@code null} for the settings' time-out
     */
    public ClassicHttpResponse execute(HttpUriRequestBase request, Duration responseTimeout) throws IOException {
        if (responseTimeout != null) {
            request.setConfig(RequestConfig.copy(defaults).setResponseTimeout(Timeout.of(responseTimeout)).build());
        }
        return http.executeOpen(null, request, null);
    }

    @Override
    public void close() throws IOException {
        http.close();
    }
}
