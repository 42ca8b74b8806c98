package io.dtf.http;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Uploads as the server receives them. References: RFC 7578 (multipart/form-data); Jira's "Add
 * attachment" (multipart, field "file", X-Atlassian-Token: no-check); GitHub's "Upload a release asset"
 * (the file as the body, with its Content-Type and Content-Length).
 */
class UploadContractTest {
    @RegisterExtension
    static final WireMockExtension SERVER = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    @TempDir
    Path dir;

    @Test
    void multipartPartsAsTheServerSeesThem() throws Exception {
        SERVER.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withBody("[]")));
        Path report = Files.writeString(dir.resolve("report.html"), "<h1>42 passed</h1>");
        try (JsonHttpClient jira = JsonHttpClient.builder(URI.create(SERVER.baseUrl())).build()) {
            jira.post("/rest/api/3/issue/{}/attachments", "DTF-7").header("X-Atlassian-Token", "no-check")
                    .multipart(Multipart.builder().text("comment", "run r12 ✓").file("file", report, "text/html")
                            .bytes("log", "line 1\n".getBytes(StandardCharsets.UTF_8), "text/plain", "run.log")
                            .text("meta", "{\"run\":\"r12\"}", "application/json").build())
                    .send();
        }
        LoggedRequest request = SERVER.getAllServeEvents().get(0).getRequest();
        assertEquals("/rest/api/3/issue/DTF-7/attachments", request.getUrl());
        assertTrue(request.getHeader("Content-Type").startsWith("multipart/form-data; boundary="),
                request.getHeader("Content-Type"));
        assertEquals("no-check", request.getHeader("X-Atlassian-Token"));
        Request.Part comment = request.getPart("comment");
        assertEquals("run r12 ✓", comment.getBody().asString());
        Request.Part file = request.getPart("file");
        assertEquals("<h1>42 passed</h1>", file.getBody().asString());
        assertTrue(file.getHeader("Content-Type").firstValue().startsWith("text/html"));
        assertTrue(file.getHeader("Content-Disposition").firstValue().contains("filename=\"report.html\""),
                file.getHeader("Content-Disposition").firstValue());
        assertTrue(request.getPart("log").getHeader("Content-Disposition").firstValue().contains("filename=\"run.log\""));
        assertEquals("{\"run\":\"r12\"}", request.getPart("meta").getBody().asString());
        assertTrue(request.getPart("meta").getHeader("Content-Type").firstValue().startsWith("application/json"));
    }

    @Test
    void aFileBodyIsSentWithItsTypeAndLength() throws Exception {
        SERVER.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(201).withBody("{\"id\":1}")));
        Path asset = Files.write(dir.resolve("results.zip"), new byte[] {1, 2, 3, 4, 5});
        try (JsonHttpClient uploads = JsonHttpClient.builder(URI.create(SERVER.baseUrl())).build()) {
            assertEquals(Map.of("id", 1), uploads.post("/repos/o/r/releases/1/assets").query("name", "results.zip")
                    .body(asset, "application/zip").as(Map.class));
        }
        LoggedRequest request = SERVER.getAllServeEvents().get(0).getRequest();
        assertEquals("application/zip", request.getHeader("Content-Type"));
        assertEquals("5", request.getHeader("Content-Length"));
        assertEquals(5, request.getBody().length);
    }

    @Test
    void aMissingFileIsAClearError() {
        try (JsonHttpClient http = JsonHttpClient.builder(URI.create(SERVER.baseUrl())).build()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> http.post("/x").body(dir.resolve("none.zip"), "application/zip"));
            assertEquals("cannot upload " + dir.resolve("none.zip") + ": not a readable file", e.getMessage());
        }
    }

    @Test
    void aStreamOfUnknownLengthIsSentChunkedAndOnlyOnce() {
        SERVER.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(503).withHeader("Retry-After", "0")));
        try (JsonHttpClient http = JsonHttpClient.builder(URI.create(SERVER.baseUrl())).build()) {
            InputStream in = new ByteArrayInputStream("streamed".getBytes(StandardCharsets.UTF_8));
            DtfHttpException e = assertThrows(DtfHttpException.class,
                    () -> http.put("/upload").idempotent(true).body(in, -1, "application/octet-stream").send());
            assertEquals(503, e.status());
        }
        LoggedRequest request = SERVER.getAllServeEvents().get(0).getRequest();
        assertEquals(1, SERVER.getAllServeEvents().size(), "a stream cannot be sent again");
        assertEquals("chunked", request.getHeader("Transfer-Encoding"));
        assertEquals("streamed", request.getBodyAsString());
    }

    /**
     * A 64 MiB file goes out while the sending thread allocates a small part of it: the file is streamed,
     * not read into memory. The server (the JDK's, which does not keep bodies) checks length and digest.
     */
    @Test
    void aLargeFileIsStreamedNotLoadedIntoMemory() throws Exception {
        Path big = dir.resolve("big.bin");
        MessageDigest sent = MessageDigest.getInstance("SHA-256");
        byte[] block = new byte[1 << 20];
        try (OutputStream out = Files.newOutputStream(big)) {
            for (int i = 0; i < 64; i++) {
                java.util.Arrays.fill(block, (byte) i);
                out.write(block);
                sent.update(block);
            }
        }
        CompletableFuture<String> received = new CompletableFuture<>();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/upload", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                MessageDigest digest = MessageDigest.getInstance("SHA-256");
                byte[] buffer = new byte[64 * 1024];
                long length = 0;
                for (int n; (n = in.read(buffer)) > 0; length += n) {
                    digest.update(buffer, 0, n);
                }
                received.complete(length + " " + HexFormat.of().formatHex(digest.digest()));
                exchange.sendResponseHeaders(204, -1);
            } catch (Exception e) {
                received.completeExceptionally(e);
                exchange.sendResponseHeaders(500, -1);
            } finally {
                exchange.close();
            }
        });
        server.start();
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        try (JsonHttpClient http = JsonHttpClient.builder(URI.create("http://127.0.0.1:" + server.getAddress().getPort()))
                .build()) {
            long before = threads.getCurrentThreadAllocatedBytes();
            http.post("/upload").body(big, "application/octet-stream").send();
            long allocated = threads.getCurrentThreadAllocatedBytes() - before;
            assertEquals((64L << 20) + " " + HexFormat.of().formatHex(sent.digest()), received.get(10, TimeUnit.SECONDS));
            assertTrue(allocated < (8L << 20), "the sending thread allocated " + allocated + " bytes for a 64 MiB file");
        } finally {
            server.stop(0);
        }
    }
}
