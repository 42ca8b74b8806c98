package io.dtf.rest.impl.events;

import io.dtf.api.ErrorCode;
import io.dtf.api.plugin.HookType;
import io.dtf.rest.impl.http.Exchange;
import io.dtf.rest.impl.http.Limits;
import io.dtf.rest.impl.http.Query;
import io.dtf.rest.impl.http.RequiredService;
import io.dtf.rest.impl.http.Responses;
import io.dtf.rest.impl.http.RestError;
import io.dtf.rest.impl.http.Role;
import io.dtf.rest.impl.http.Router;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import javax.servlet.AsyncContext;
import javax.servlet.AsyncEvent;
import javax.servlet.AsyncListener;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

/**
 * {@code GET /api/v1/events}: an event stream held open on the servlet's async context and fed by the
 * {@link EventHub}.
 */
public record EventRoutes(RequiredService<EventHub> events, Limits limits) {
    public void addTo(Router router) {
        router.add("GET", Router.V1 + "/events", Role.VIEWER, limits.maxBodyBytes(), Set.of("types"), this::events);
    }

    private void events(Exchange ex) throws IOException {
        Query q = ex.query();
        Set<HookType> types = q.enums("types", HookType.class);
        q.check();
        HttpServletRequest request = ex.request;
        if (!request.isAsyncSupported()) {
            throw new RestError(ErrorCode.INTERNAL, "the servlet is not registered with async support");
        }
        EventHub hub = events.get();
        AsyncContext async = request.startAsync();
        async.setTimeout(0);
        EventHub.Client client;
        try {
            client = hub.open(new EventHub.Stream() {
                @Override
                public OutputStream output() throws IOException {
                    return async.getResponse().getOutputStream();
                }

                @Override
                public void close() {
                    try {
                        async.complete();
                    } catch (IllegalStateException alreadyDone) {
                        // the container ended it first
                    }
                }
            }, types);
        } catch (RestError refused) {
            Responses.failure(ex.response, refused);
            async.complete();
            return;
        }
        async.addListener(new AsyncListener() {
            @Override
            public void onComplete(AsyncEvent event) {
                client.close();
            }

            @Override
            public void onTimeout(AsyncEvent event) {
                client.close();
            }

            @Override
            public void onError(AsyncEvent event) {
                client.close();
            }

            @Override
            public void onStartAsync(AsyncEvent event) {
                // not restarted
            }
        });
        HttpServletResponse response = ex.response;
        response.setStatus(200);
        response.setContentType("text/event-stream; charset=utf-8");
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("X-Accel-Buffering", "no");
        try {
            OutputStream out = response.getOutputStream();
            out.write("retry: 3000\n: connected\n\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
        } catch (IOException gone) {
            client.close();
            return;
        }
        client.start();
    }
}
