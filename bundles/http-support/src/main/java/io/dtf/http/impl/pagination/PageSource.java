package io.dtf.http.impl.pagination;

import com.fasterxml.jackson.databind.JsonNode;
import io.dtf.http.HttpAnswer;
import java.net.URI;
import java.util.concurrent.CompletableFuture;

/** Fetches one page as the call that started the list would: its method, headers, credentials, retries. */
public interface PageSource {
    HttpAnswer<JsonNode> fetch(URI page);

    CompletableFuture<HttpAnswer<JsonNode>> fetchAsync(URI page);
}
