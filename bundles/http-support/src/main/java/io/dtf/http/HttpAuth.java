package io.dtf.http;

import io.dtf.http.impl.auth.ApiKeyHeader;
import io.dtf.http.impl.auth.BasicCredentials;
import io.dtf.http.impl.auth.BearerToken;
import io.dtf.http.impl.auth.RsaJwt;
import java.time.Clock;
import java.time.Duration;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

/**
 * How a request proves who sends it. A strategy rather than a token so that one client serves every
 * vendor's scheme (bearer, basic, an API key in a header of the vendor's choosing, a signed JWT) and
 * credentials that change (a JWT renewed before it expires, an installation token fetched again) are
 * asked for at every try. Every secret value given to a factory here is registered with {@link Secrets},
 * so that it never shows in a log line or an exception message. Values may be {@code ${env:NAME}}
 * references, resolved from the environment.
 */
@FunctionalInterface
public interface HttpAuth {
    /** No credentials. */
    HttpAuth NONE = header -> { };

    /** Adds this credential's headers to a request about to be sent; called for every try. */
    void authorize(BiConsumer<String, String> header);

    /** {@code Authorization: Bearer <token>}. */
    static HttpAuth bearer(String token) {
        return new BearerToken(resolved(token, "token"));
    }

    /**
     * {@code Authorization: Bearer <token>} with the token of {@code tokens} at each try: for tokens that
     * expire and are fetched again (a GitHub App's installation token). The supplier caches; it is called
     * on the thread that sends, and each token it gives is registered with {@link Secrets}.
     */
    static HttpAuth bearer(Supplier<String> tokens) {
        return BearerToken.renewed(tokens);
    }

    /** {@code Authorization: Basic base64(user:password)} (Jira Cloud's e-mail and API token, Jenkins). */
    static HttpAuth basic(String user, String password) {
        return new BasicCredentials(resolved(user, "user"), resolved(password, "password"));
    }

    /** An API key in a header of the vendor's choosing ({@code PRIVATE-TOKEN}, {@code Circle-Token}, ...). */
    static HttpAuth apiKey(String headerName, String key) {
        return new ApiKeyHeader(headerName, resolved(key, "key"));
    }

    /**
     * {@code Authorization: Bearer <JWT>} signed with RS256 by a PEM private key (PKCS#1 {@code BEGIN RSA
     * PRIVATE KEY} or PKCS#8 {@code BEGIN PRIVATE KEY}), with the claims {@code iss}, {@code iat} (60 s in
     * the past, for clock drift) and {@code exp} ({@code lifetime} ahead): what a GitHub App authenticates
     * with (issuer: its App or client id; lifetime at most 10 minutes). A token is reused until a minute
     * before it expires.
     *
     * @throws IllegalArgumentException when the key is not an RSA private key in PEM, or the lifetime is
     *     shorter than 2 minutes (the message never shows the key)
     */
    static HttpAuth jwt(String issuer, String pemPrivateKey, Duration lifetime) {
        return jwt(issuer, pemPrivateKey, lifetime, Clock.systemUTC());
    }

    /** {@link #jwt(String, String, Duration)} on another clock (tests). */
    static HttpAuth jwt(String issuer, String pemPrivateKey, Duration lifetime, Clock clock) {
        return new RsaJwt(resolved(issuer, "issuer"), resolved(pemPrivateKey, "private key"), lifetime, clock);
    }

    private static String resolved(String value, String what) {
        String v = Secrets.resolve(value, System::getenv);
        if (v == null || v.isBlank()) {
            throw new IllegalArgumentException("the " + what + " of an HTTP credential is empty"
                    + (value != null && value.contains("${env:") ? " (" + value + " is not set)" : ""));
        }
        return v.strip();
    }
}
