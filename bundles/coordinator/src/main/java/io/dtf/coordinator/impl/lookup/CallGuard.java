package io.dtf.coordinator.impl.lookup;

import io.dtf.api.connector.ExternalSystemException;
import io.dtf.api.connector.ExternalSystemResult;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Proxy;
import java.lang.reflect.Type;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Stands between callers and one integration service (a connector, a CI provider, a channel) so that its going
 * away cannot leave a caller waiting for ever. Its asynchronous calls are tracked: when the service goes away
 * ({@link #release}), a call still running gets a grace period to finish, then fails as {@code UNAVAILABLE}
 * (retryable: the next version of the service may do it); a call made after that fails so at once.
 *
 * <p>It also makes every asynchronous call answer the way its SPI promises, whatever the implementation does: a
 * call that throws, returns no future or fails its future gives a failed {@link ExternalSystemResult} where the
 * future is of one ({@link ExternalSystemResult#failure}), else a future failed with an
 * {@link ExternalSystemException}. Synchronous calls go straight through; after release a {@code boolean} one
 * answers {@code false}, others throw.
 */
final class CallGuard implements InvocationHandler {
    private final Object target;
    private final String description;
    private final Duration grace;
    private final Set<TrackedCall> running = new HashSet<>();
    private String goneReason;

    private CallGuard(Object target, String description, Duration grace) {
        this.target = target;
        this.description = description;
        this.grace = grace;
    }

    /** A guarded stand-in for {@code target}, and the guard to release when the service goes away. */
    static <S> Guarded<S> guard(Class<S> type, S target, String description, Duration grace) {
        CallGuard guard = new CallGuard(target, description, grace);
        // the API bundle's class loader sees the interface and everything its methods name
        S proxy = type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, guard));
        return new Guarded<>(proxy, guard);
    }

    /** A guarded service and its guard. */
    record Guarded<S>(S service, CallGuard guard) {
    }

    /**
     * The service went away: calls made from now on fail at once; those still running fail after the grace
     * period unless they finish first.
     */
    void release(String reason) {
        List<TrackedCall> unfinished;
        synchronized (this) {
            if (goneReason != null) {
                return;
            }
            goneReason = reason;
            unfinished = List.copyOf(running);
        }
        if (!unfinished.isEmpty()) {
            var later = CompletableFuture.delayedExecutor(grace.toMillis(), TimeUnit.MILLISECONDS);
            later.execute(() -> unfinished.forEach(call -> call.fail(gone("during the call"))));
        }
    }

    /** How many asynchronous calls have not finished yet. */
    synchronized int running() {
        return running.size();
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        if (method.getDeclaringClass() == Object.class) {
            return switch (method.getName()) {
                case "equals" -> proxy == args[0];
                case "hashCode" -> System.identityHashCode(proxy);
                default -> description;
            };
        }
        if (!CompletableFuture.class.isAssignableFrom(method.getReturnType())) {
            return invokeNow(method, args);
        }
        TrackedCall call = new TrackedCall(carriesResult(method));
        synchronized (this) {
            if (goneReason != null) {
                call.fail(gone("before the call"));
                return call.answer;
            }
            running.add(call);
        }
        call.answer.whenComplete((value, failure) -> finished(call));
        try {
            Object future = method.invoke(target, args);
            if (future == null) {
                call.fail(ExternalSystemResult.rejected("internal", description + " returned no future from "
                        + method.getName()));
            } else {
                ((CompletableFuture<?>) future).whenComplete(call::complete);
            }
        } catch (InvocationTargetException thrown) {
            call.fail(ExternalSystemResult.failure(thrown.getCause()));
        }
        return call.answer;
    }

    private Object invokeNow(Method method, Object[] args) throws Throwable {
        synchronized (this) {
            if (goneReason != null) {
                if (method.getReturnType() == boolean.class) {
                    return false;
                }
                throw new ExternalSystemException(gone("before the call"));
            }
        }
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException thrown) {
            throw thrown.getCause();
        }
    }

    private synchronized void finished(TrackedCall call) {
        running.remove(call);
    }

    private synchronized ExternalSystemResult gone(String when) {
        return ExternalSystemResult.unavailable("gone", description + " went away " + when + " (" + goneReason
                + "); look it up again");
    }

    /** Whether the method's future holds an {@link ExternalSystemResult} (else it fails with one). */
    private static boolean carriesResult(Method method) {
        Type returned = method.getGenericReturnType();
        return returned instanceof ParameterizedType type
                && type.getActualTypeArguments()[0] == ExternalSystemResult.class;
    }

    /** One asynchronous call and the future its caller has. */
    private static final class TrackedCall {
        final CompletableFuture<Object> answer = new CompletableFuture<>();
        private final boolean carriesResult;

        TrackedCall(boolean carriesResult) {
            this.carriesResult = carriesResult;
        }

        void complete(Object value, Throwable failure) {
            if (failure != null) {
                fail(ExternalSystemResult.failure(failure));
            } else if (value == null && carriesResult) {
                fail(ExternalSystemResult.rejected("internal", "the call answered no result"));
            } else {
                answer.complete(value);
            }
        }

        void fail(ExternalSystemResult failure) {
            if (carriesResult) {
                answer.complete(failure);
            } else {
                answer.completeExceptionally(new ExternalSystemException(failure));
            }
        }
    }
}
