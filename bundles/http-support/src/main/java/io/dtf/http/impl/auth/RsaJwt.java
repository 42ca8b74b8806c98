package io.dtf.http.impl.auth;

import io.dtf.http.HttpAuth;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.security.interfaces.RSAPrivateKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.function.BiConsumer;

/**
 * {@code Authorization: Bearer <JWT>} signed RS256 (RFC 7518, 3.3) with the JDK's {@code SHA256withRSA}:
 * the claims {@code iat} (60 s back, as GitHub advises against clock drift), {@code exp} and {@code iss}.
 * A token is kept until a minute before it expires, so that a burst of calls signs once. Thread-safe.
 */
public final class RsaJwt implements HttpAuth {
    static final Duration CLOCK_DRIFT = Duration.ofSeconds(60);
    static final Duration RENEW_BEFORE_EXPIRY = Duration.ofSeconds(60);
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final String HEADER = B64.encodeToString("{\"alg\":\"RS256\",\"typ\":\"JWT\"}"
            .getBytes(StandardCharsets.UTF_8));

    private final String issuer;
    private final RSAPrivateKey key;
    private final Duration lifetime;
    private final Clock clock;
    private String token;
    private Instant renewAt = Instant.MIN;

    public RsaJwt(String issuer, String pemPrivateKey, Duration lifetime, Clock clock) {
        if (lifetime == null || lifetime.compareTo(RENEW_BEFORE_EXPIRY.multipliedBy(2)) < 0) {
            throw new IllegalArgumentException("a JWT's lifetime must be at least 2 minutes: " + lifetime);
        }
        this.issuer = issuer;
        this.key = PemKeys.rsaPrivateKey(pemPrivateKey);
        this.lifetime = lifetime;
        this.clock = clock;
    }

    @Override
    public void authorize(BiConsumer<String, String> header) {
        header.accept("Authorization", "Bearer " + token());
    }

    /** The current token, signed anew when the last one is a minute from expiring. */
    synchronized String token() {
        Instant now = clock.instant();
        if (!now.isBefore(renewAt)) {
            Instant expires = now.plus(lifetime);
            token = sign(now.minus(CLOCK_DRIFT), expires);
            renewAt = expires.minus(RENEW_BEFORE_EXPIRY);
        }
        return token;
    }

    private String sign(Instant issuedAt, Instant expires) {
        String claims = "{\"iat\":" + issuedAt.getEpochSecond() + ",\"exp\":" + expires.getEpochSecond()
                + ",\"iss\":" + jsonString(issuer) + "}";
        String signingInput = HEADER + "." + B64.encodeToString(claims.getBytes(StandardCharsets.UTF_8));
        try {
            Signature rs256 = Signature.getInstance("SHA256withRSA");
            rs256.initSign(key);
            rs256.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + B64.encodeToString(rs256.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign a JWT with SHA256withRSA: " + e.getClass().getSimpleName(), e);
        }
    }

    /** A JSON string literal: quotes, backslashes and control characters escaped. */
    private static String jsonString(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c < 0x20) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.append('"').toString();
    }
}
