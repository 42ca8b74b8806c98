package io.dtf.http.impl.auth;

import io.dtf.http.HttpAuth;
import io.dtf.http.Secrets;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.function.BiConsumer;

/**
 * {@code Authorization: Basic base64(user:password)} (RFC 7617, UTF-8). The password and the encoded
 * pair are registered with {@link Secrets}: the pair is what would show in a dumped header.
 */
public final class BasicCredentials implements HttpAuth {
    private final String header;

    public BasicCredentials(String user, String password) {
        if (user.indexOf(':') >= 0) {
            throw new IllegalArgumentException("a basic-auth user name cannot contain ':'");
        }
        Secrets.register(password);
        this.header = "Basic " + Secrets.register(Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
    }

    @Override
    public void authorize(BiConsumer<String, String> header) {
        header.accept("Authorization", this.header);
    }
}
