/**
 * The bodies of DTF's worker protocol ({@code /api/v1/workers/{id}/...}, the HTTP form of
 * {@link io.dtf.api.worker.WorkerGateway}), shared by the REST API and the HTTP worker gateway. The
 * protocol changes with the coordinator and the worker; it has a package of its own so that its
 * major versions leave {@link io.dtf.http}, the HTTP client base integrations build on, untouched.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package io.dtf.http.protocol;
