package io.dtf.http.impl.auth;

import io.dtf.http.HttpAuth;
import io.dtf.http.Secrets;
import java.util.Objects;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

/** {@code Authorization: Bearer <token>}, with a fixed token or one asked for at every try. */
public final class BearerToken implements HttpAuth {
    private final Supplier<String> tokens;

    /** A fixed token, registered with {@link Secrets}. */
    public BearerToken(String token) {
        String registered = Secrets.register(token);
        this.tokens = () -> registered;
    }

    private BearerToken(Supplier<String> tokens) {
        this.tokens = tokens;
    }

    /** The token of {@code tokens} at each try; each is registered with {@link Secrets} as it comes. */
    public static BearerToken renewed(Supplier<String> tokens) {
        Objects.requireNonNull(tokens, "tokens");
        return new BearerToken(() -> {
            String token = tokens.get();
            if (token == null || token.isBlank()) {
                throw new IllegalStateException("the token supplier gave no token");
            }
            return Secrets.register(token.strip());
        });
    }

    @Override
    public void authorize(BiConsumer<String, String> header) {
        header.accept("Authorization", "Bearer " + tokens.get());
    }
}
