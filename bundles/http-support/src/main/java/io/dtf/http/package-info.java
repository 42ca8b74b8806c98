/**
 * DTF's HTTP client, shared by the REST API's clients and every integration (CI providers, connectors,
 * notifications): {@link io.dtf.http.JsonHttpClient}, blocking and asynchronous calls with credentials
 * ({@link io.dtf.http.HttpAuth}: bearer, basic, an API key in any header, an RS256 JWT), retries
 * ({@link io.dtf.http.RetryPolicy}), a rate limit per target that keeps a vendor's stated limit
 * ({@code io.dtf.api.connector.RateLimit}) and obeys {@code Retry-After}, {@code X-RateLimit-*},
 * {@code RateLimit-*} and GitHub's secondary limits ({@link io.dtf.http.RateLimitExceededException}
 * beyond a call's patience), pagination ({@link io.dtf.http.Pagination}, {@link io.dtf.http.Paged}),
 * streamed and multipart uploads ({@link io.dtf.http.Multipart}), a proxy and a trust store. Error answers
 * are {@link io.dtf.http.DtfHttpException}s with the vendor's error text and body; no answer is an
 * {@link io.dtf.http.HttpTransportException}. Also the JSON mapping of the API types
 * ({@link io.dtf.http.DtfJson}), a server-sent events reader, and secret redaction
 * ({@link io.dtf.http.Secrets}), which every message and log line of this package goes through.
 * Apache HttpClient 5 is embedded in this bundle and never exported. The worker protocol's bodies are in
 * {@link io.dtf.http.protocol}, versioned on their own.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("5.2.0")
package io.dtf.http;
