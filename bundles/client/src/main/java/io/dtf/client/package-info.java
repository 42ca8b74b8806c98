/**
 * Java client of the DTF REST API: {@link io.dtf.client.DtfClient} for users and tools (submit, runs,
 * tasks, attempts, test cases, cancel, logs, workers, drain, events), and
 * {@link io.dtf.client.HttpWorkerGateway}, the worker protocol over HTTP for workers on other machines.
 * Built on {@link io.dtf.http.JsonHttpClient}; failures are {@link io.dtf.http.DtfHttpException}s
 * (the server's code and problems) or {@link io.dtf.http.HttpTransportException}s (no answer).
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.2.0")
package io.dtf.client;
