package io.dtf.http.impl.connection;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A TLS context that trusts the certificates of a file instead of the JDK's: PEM certificates (one or
 * more {@code BEGIN CERTIFICATE} blocks, as a self-hosted GitLab's CA comes) or a PKCS#12 store. For
 * servers behind a company CA or with a self-signed certificate.
 */
public final class TrustStores {
    private TrustStores() {
    }

    /**
     * @param password the PKCS#12 store's password; {@code null} for PEM or a store without one
     * @throws IllegalArgumentException when the file cannot be read or holds no certificate
     */
    public static SSLContext trusting(Path file, char[] password) {
        try {
            byte[] content = Files.readAllBytes(file);
            KeyStore store = new String(content, 0, Math.min(content.length, 4096), StandardCharsets.ISO_8859_1)
                    .contains("-----BEGIN CERTIFICATE-----") ? pem(content) : pkcs12(file, password);
            if (store.size() == 0) {
                throw new IllegalArgumentException("the trust store " + file + " holds no certificate");
            }
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(store);
            SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(null, trust.getTrustManagers(), null);
            return tls;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot read the trust store " + file + " (PEM certificates or PKCS#12): "
                    + e.getMessage(), e);
        }
    }

    private static KeyStore pem(byte[] content) throws IOException, GeneralSecurityException {
        Collection<? extends Certificate> certificates = CertificateFactory.getInstance("X.509")
                .generateCertificates(new java.io.ByteArrayInputStream(content));
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        int i = 0;
        for (Certificate c : certificates) {
            store.setCertificateEntry("pem-" + i++, c);
        }
        return store;
    }

    private static KeyStore pkcs12(Path file, char[] password) throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            store.load(in, password);
        }
        return store;
    }
}
