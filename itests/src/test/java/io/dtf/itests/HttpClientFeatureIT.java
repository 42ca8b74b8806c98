package io.dtf.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import io.dtf.http.HttpAuth;
import io.dtf.http.HttpTransportException;
import io.dtf.http.JsonHttpClient;
import io.dtf.http.RetryPolicy;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import javax.inject.Inject;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;

/**
 * The {@code dtf-http} feature on its own, as an integration bundle's feature pulls it in: the bundle
 * resolves with nothing but Jackson and the API (HttpClient 5 is embedded), and its client works inside
 * OSGi: a blocking call, an asynchronous one (its I/O threads and timer), a JWT signed with the JDK's
 * crypto, and a connection failure told apart.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class HttpClientFeatureIT {
    @Inject
    private BundleContext bundleContext;

    @Configuration
    public Option[] config() {
        return StockKaraf.withFeatures(new String[] {"dtf-http"});
    }

    @Test
    public void theBundleIsActiveWithTheFeatureAlone() {
        Bundle http = null;
        for (Bundle b : bundleContext.getBundles()) {
            if (b.getSymbolicName().equals("io.dtf.http")) {
                http = b;
            }
        }
        assertNotNull("io.dtf.http is installed", http);
        assertEquals("io.dtf.http is active", Bundle.ACTIVE, http.getState());
    }

    @Test
    public void blockingAndAsynchronousCallsWithAJwtWorkInsideOsgi() throws Exception {
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048);
        String pem = "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder().encodeToString(rsa.generateKeyPair().getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n";
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            CompletableFuture<String> authorization = answerOnce(server, "{\"ok\":true}");
            try (JsonHttpClient http = JsonHttpClient.builder(URI.create("http://127.0.0.1:" + server.getLocalPort()))
                    .auth(HttpAuth.jwt("12345", pem, Duration.ofMinutes(9))).build()) {
                assertEquals(Map.of("ok", true), http.get("/app").as(Map.class));
                assertTrue(authorization.get(5, TimeUnit.SECONDS).startsWith("Authorization: Bearer eyJ"));

                CompletableFuture<String> second = answerOnce(server, "{\"n\":2}");
                assertEquals(Map.of("n", 2), http.get("/app").asAsync(Map.class).get(10, TimeUnit.SECONDS));
                second.get(5, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    public void aServerThatIsNotThereIsAConnectFailure() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        try (JsonHttpClient http = JsonHttpClient.builder(URI.create("http://127.0.0.1:" + closed)).build()) {
            http.get("/x").retry(RetryPolicy.NONE).sendAsync().get(10, TimeUnit.SECONDS);
            fail("nothing listens on port " + closed);
        } catch (ExecutionException e) {
            assertTrue(String.valueOf(e.getCause()), e.getCause() instanceof HttpTransportException t && t.isConnectFailure());
        }
    }

    /** Answers the next request on {@code server} with {@code json}; completes with its Authorization line. */
    private static CompletableFuture<String> answerOnce(ServerSocket server, String json) {
        return CompletableFuture.supplyAsync(() -> {
            try (Socket socket = server.accept()) {
                BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
                String authorization = "";
                for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
                    if (line.regionMatches(true, 0, "Authorization:", 0, 14)) {
                        authorization = "Authorization:" + line.substring(14);
                    }
                }
                byte[] body = json.getBytes(StandardCharsets.UTF_8);
                OutputStream out = socket.getOutputStream();
                out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + body.length
                        + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(body);
                out.flush();
                return authorization;
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }
}
