package io.dtf.http;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A forward proxy (WireMock in browser-proxy mode, answering 407 to requests without credentials, as
 * RFC 9110 11.7.1 has it) and a server whose certificate only a custom trust store trusts (WireMock on
 * https with a self-signed certificate for localhost).
 */
class ProxyAndTrustContractTest {
    private static final String KEYSTORE = resource("server.p12").toString();

    @RegisterExtension
    static final WireMockExtension TARGET = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()
            .dynamicHttpsPort().keystorePath(KEYSTORE).keystorePassword("changeit").keyManagerPassword("changeit")
            .keystoreType("PKCS12")).build();

    @RegisterExtension
    static final WireMockExtension PROXY = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()
            .enableBrowserProxying(true)).build();

    @Test
    void callsGoThroughTheProxy() {
        TARGET.stubFor(get(urlPathEqualTo("/rest/api/2/serverInfo")).willReturn(aResponse().withStatus(200).withBody("{\"v\":1}")));
        try (JsonHttpClient http = JsonHttpClient.builder(plainTarget()).proxy("localhost", PROXY.getPort())
                .build()) {
            assertEquals("{\"v\":1}", http.get("/rest/api/2/serverInfo").text());
        }
        List<LoggedRequest> proxied = PROXY.findAll(com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor(anyUrl()));
        assertEquals(1, proxied.size(), "the proxy saw the call");
        assertEquals(plainTarget() + "/rest/api/2/serverInfo", proxied.get(0).getAbsoluteUrl());
        assertEquals(1, TARGET.getAllServeEvents().size(), "and passed it on");
    }

    @Test
    void aProxyThatAsksForCredentialsGetsThem() {
        PROXY.stubFor(any(anyUrl()).withHeader("Proxy-Authorization", absent()).atPriority(1)
                .willReturn(aResponse().withStatus(407).withHeader("Proxy-Authenticate", "Basic realm=\"corp\"")));
        TARGET.stubFor(get(urlPathEqualTo("/x")).willReturn(aResponse().withStatus(200).withBody("through")));
        try (JsonHttpClient http = JsonHttpClient.builder(plainTarget())
                .proxy("localhost", PROXY.getPort(), "dtf", "proxy-password-1").build()) {
            assertEquals("through", http.get("/x").text());
        }
        LoggedRequest last = PROXY.getAllServeEvents().get(0).getRequest();
        assertEquals("Basic " + Base64.getEncoder().encodeToString("dtf:proxy-password-1".getBytes(StandardCharsets.UTF_8)),
                last.getHeader("Proxy-Authorization"));
    }

    @Test
    void aProxyUrlWithCredentialsAsHttpsProxyGivesIt() {
        PROXY.stubFor(any(anyUrl()).withHeader("Proxy-Authorization", absent()).atPriority(1)
                .willReturn(aResponse().withStatus(407).withHeader("Proxy-Authenticate", "Basic realm=\"corp\"")));
        TARGET.stubFor(get(urlPathEqualTo("/x")).willReturn(aResponse().withStatus(200).withBody("through")));
        try (JsonHttpClient http = JsonHttpClient.builder(plainTarget())
                .proxy(URI.create("http://svc%40dtf:p%3Ass-word-1@localhost:" + PROXY.getPort())).build()) {
            assertEquals("through", http.get("/x").text());
        }
        assertEquals("Basic " + Base64.getEncoder().encodeToString("svc@dtf:p:ss-word-1".getBytes(StandardCharsets.UTF_8)),
                PROXY.getAllServeEvents().get(0).getRequest().getHeader("Proxy-Authorization"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> JsonHttpClient.builder(plainTarget()).proxy(URI.create("socks://u:secret-pw-1@h:1080")));
        assertEquals("not a proxy URL (http://[user:password@]host:port): socks://u:****@h:1080", e.getMessage());
    }

    @Test
    void aSelfSignedServerIsTrustedThroughAPemTrustStoreOrAPkcs12One() {
        TARGET.stubFor(get(urlPathEqualTo("/api/v4/version")).willReturn(aResponse().withStatus(200).withBody("16.0")));
        URI https = URI.create("https://localhost:" + TARGET.getHttpsPort());
        try (JsonHttpClient pem = JsonHttpClient.builder(https).trustStore(resource("server-cert.pem")).build();
             JsonHttpClient p12 = JsonHttpClient.builder(https).trustStore(resource("trust.p12"), "changeit").build()) {
            assertEquals("16.0", pem.get("/api/v4/version").text());
            assertEquals("16.0", p12.get("/api/v4/version").text());
        }
    }

    @Test
    void withoutTheTrustStoreTheSelfSignedServerIsRefused() {
        try (JsonHttpClient jdkTrust = JsonHttpClient.builder(URI.create("https://localhost:" + TARGET.getHttpsPort()))
                .retry(RetryPolicy.NONE).build()) {
            HttpTransportException e = assertThrows(HttpTransportException.class, () -> jdkTrust.get("/x").text());
            assertTrue(e.getMessage().contains("SSLHandshakeException"), e.getMessage());
        }
    }

    @Test
    void anUnreadableTrustStoreIsAClearError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> JsonHttpClient.builder(plainTarget()).trustStore(Path.of("/nonexistent/ca.pem")));
        assertTrue(e.getMessage().startsWith("cannot read the trust store /nonexistent/ca.pem"), e.getMessage());
    }

    /** The target over plain http ({@code baseUrl()} is its https one). */
    private static URI plainTarget() {
        return URI.create("http://localhost:" + TARGET.getPort());
    }

    private static Path resource(String name) {
        try {
            return Path.of(ProxyAndTrustContractTest.class.getResource(name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
