/**
 * What every DTF API shares: errors ({@link io.dtf.api.DtfException} with the stable codes of
 * {@link io.dtf.api.ErrorCode}) and durations as DTF reads and shows them ({@link io.dtf.api.Durations}).
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.2.0")
package io.dtf.api;
