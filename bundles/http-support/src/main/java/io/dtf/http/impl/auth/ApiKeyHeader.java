package io.dtf.http.impl.auth;

import io.dtf.http.HttpAuth;
import io.dtf.http.Secrets;
import java.util.function.BiConsumer;
import java.util.regex.Pattern;

/** An API key in a header named by the vendor ({@code PRIVATE-TOKEN}, {@code Circle-Token}, {@code X-Api-Key}). */
public final class ApiKeyHeader implements HttpAuth {
    /** An HTTP field name (RFC 9110 token). */
    private static final Pattern FIELD_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");

    private final String name;
    private final String key;

    public ApiKeyHeader(String name, String key) {
        if (name == null || !FIELD_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("not an HTTP header name: '" + name + "'");
        }
        this.name = name;
        this.key = Secrets.register(key);
    }

    @Override
    public void authorize(BiConsumer<String, String> header) {
        header.accept(name, key);
    }
}
