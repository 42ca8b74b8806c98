package io.dtf.rest.impl.http;

import io.dtf.api.ErrorCode;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * A service a route needs that may be away for a while (the coordinator restarts with its store, the
 * event stream is disabled as a plugin): {@link #get()} answers it, or refuses the request with 503
 * and {@code Retry-After} instead of failing on a null.
 */
public final class RequiredService<T> {
    private final Supplier<T> service;
    private final String whenMissing;

    /** @param whenMissing the detail of the 503, e.g. "the coordinator is not running" */
    public RequiredService(Supplier<T> service, String whenMissing) {
        this.service = service;
        this.whenMissing = whenMissing;
    }

    /** @throws RestError 503 while the service is away */
    public T get() {
        T current = service.get();
        if (current == null) {
            throw new RestError(ErrorCode.STORE_UNAVAILABLE, whenMissing, List.of(), Map.of("Retry-After", "5"));
        }
        return current;
    }
}
