/**
 * DTF's HTTP support, shared by the REST API and every client: the JSON mapping of the API types
 * ({@link io.dtf.http.DtfJson}), the HTTP client base ({@link io.dtf.http.JsonHttpClient}: token,
 * time-outs, retries honouring {@code Retry-After}, problem documents as
 * {@link io.dtf.http.DtfHttpException}), a server-sent events reader, and secret redaction
 * ({@link io.dtf.http.Secrets}). Apache HttpClient 5 is embedded in this bundle and never exported.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("4.0.0")
package io.dtf.http;
