/** Errors shared by every DTF API: {@link io.dtf.api.DtfException} with stable {@link io.dtf.api.ErrorCode}s. */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package io.dtf.api;
