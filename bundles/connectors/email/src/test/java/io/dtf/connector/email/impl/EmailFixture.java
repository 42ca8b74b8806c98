package io.dtf.connector.email.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.dtf.api.connector.ExternalSystemResult;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/** What the e-mail tests share: a connector of a configuration, results, and a certificate made by the JDK's keytool. */
final class EmailFixture {
    static final String USER = "dtf-sender";
    static final String PASSWORD = "s3cret-Passw0rd!";
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-07T10:00:00Z"), ZoneOffset.UTC);

    private EmailFixture() {
    }

    /** A connector named {@code team} of this configuration (keys as in the .cfg file; the rest their defaults). */
    static EmailConnector connector(Map<String, Object> settings) {
        EmailConnector connector = new EmailConnector();
        connector.activate(config(settings), Map.of("service.pid", "io.dtf.connector.email~team"), CLOCK);
        return connector;
    }

    /** The configuration as Declarative Services makes it from etc/io.dtf.connector.email-<name>.cfg. */
    static EmailConfig config(Map<String, Object> settings) {
        Map<String, Object> values = new HashMap<>();
        settings.forEach((key, value) -> values.put(key.startsWith(".") ? "_" + key.substring(1) : key, value));
        return (EmailConfig) Proxy.newProxyInstance(EmailConfig.class.getClassLoader(), new Class<?>[] {EmailConfig.class},
                (proxy, method, args) -> values.getOrDefault(method.getName(), method.getDefaultValue()));
    }

    /** The basic settings for a server on this machine's loopback. */
    static Map<String, Object> settings(int port, String security, Object... more) {
        Map<String, Object> settings = new HashMap<>(Map.of("host", "127.0.0.1", "port", port, "security", security,
                "from", "DTF <dtf@example.com>", "to", new String[] {"qa@example.com", "lead@example.com"},
                "cc", new String[] {"audit@example.com"}, "timeoutSeconds", 5));
        for (int i = 0; i < more.length; i += 2) {
            settings.put((String) more[i], more[i + 1]);
        }
        return settings;
    }

    static ExternalSystemResult result(CompletableFuture<ExternalSystemResult> call) {
        return call.orTimeout(30, TimeUnit.SECONDS).join();
    }

    static void assertStatus(ExternalSystemResult.Status expected, ExternalSystemResult result) {
        assertEquals(expected, result.status(), result.describe());
    }

    /**
     * A key pair and a self-signed certificate for 127.0.0.1 (and localhost), made by the JDK's keytool: the
     * certificate of a server that a client can check the identity of, as it would a real one.
     *
     * @return the PKCS#12 store (password {@code changeit}); its certificate is beside it as {@code server.pem}
     */
    static Path serverKeyStore(Path directory) throws IOException, InterruptedException {
        Path store = directory.resolve("server.p12");
        Path pem = directory.resolve("server.pem");
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        run(List.of(keytool, "-genkeypair", "-alias", "server", "-keyalg", "RSA", "-keysize", "2048",
                "-dname", "CN=localhost", "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-validity", "2",
                "-keystore", store.toString(), "-storetype", "PKCS12", "-storepass", "changeit", "-keypass", "changeit"));
        run(List.of(keytool, "-exportcert", "-rfc", "-alias", "server", "-keystore", store.toString(),
                "-storepass", "changeit", "-file", pem.toString()));
        return store;
    }

    /** TLS as a server with the key in this PKCS#12 store. */
    static SSLContext serverTls(Path store) throws Exception {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            keys.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        factory.init(keys, "changeit".toCharArray());
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(factory.getKeyManagers(), null, null);
        return tls;
    }

    private static void run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (process.waitFor() != 0) {
            throw new IOException(command.get(1) + " failed: " + output);
        }
    }
}
