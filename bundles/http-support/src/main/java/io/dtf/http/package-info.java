/**
 * DTF's HTTP client base, shared by the REST API, its clients and every integration: the HTTP client
 * ({@link io.dtf.http.JsonHttpClient}: token, time-outs, retries honouring {@code Retry-After}
 * ({@link io.dtf.http.RetryPolicy}), problem documents as {@link io.dtf.http.DtfHttpException}), the
 * JSON mapping of the API types it writes with by default ({@link io.dtf.http.DtfJson}), a
 * server-sent events reader, and secret redaction ({@link io.dtf.http.Secrets}). Apache HttpClient 5
 * is embedded in this bundle and never exported. The worker protocol's bodies are in
 * {@link io.dtf.http.protocol}, versioned on their own.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("5.1.0")
package io.dtf.http;
