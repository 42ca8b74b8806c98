package io.dtf.pool.browser.impl.driver;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.openqa.selenium.json.Json;

/**
 * Closes a Grid's browser through the Grid's proxy to the browser's DevTools ({@code se:cdp}): {@code Browser.close}.
 * A page in a busy loop holds its driver: the driver answers no other command of the session, the delete included,
 * and the Grid neither ends such a session at its session time-out nor kills its browser when it stops (measured with
 * Grid 4.48.0 and chromedriver 156: the browser kept spinning after the Grid had exited). The browser process itself
 * still answers its DevTools; closing it ends its renderers, the driver's call fails, and the session can be deleted.
 * (Stopping the loop with {@code Runtime.terminateExecution} in the page does not work: the busy renderer never
 * answers.)
 */
final class GridBrowserClose implements WebSocket.Listener {
    private static final Json JSON = new Json();

    /** Completes when the browser answered or dropped the connection (it closed). */
    private final CompletableFuture<Void> closed = new CompletableFuture<>();

    private GridBrowserClose() {
    }

    /** Closes the browser behind {@code cdp}; fails when its DevTools do not answer within {@code timeout}. */
    static CompletableFuture<Void> close(HttpClient http, URI cdp, Duration timeout) {
        GridBrowserClose close = new GridBrowserClose();
        return http.newWebSocketBuilder().connectTimeout(timeout).buildAsync(cdp, close)
                .thenCompose(socket -> socket.sendText(JSON.toJson(Map.of("id", 1, "method", "Browser.close")), true)
                        .thenCompose(sent -> close.closed)
                        .whenComplete((done, failure) -> socket.abort()))
                .orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        if (last && data.toString().contains("\"id\":1")) {
            closed.complete(null);
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        closed.complete(null);
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closed.complete(null);
        return null;
    }
}
