/**
 * Resource pools: real browsers, leased by the capabilities a job needs (WebGPU, WebNN), returned, replaced. The
 * browser pool ({@code io.dtf.pool.browser}) implements {@link io.dtf.api.pool.ResourcePool}; task executors and
 * workers use it without any Selenium type: a lease runs scripts with JSON-like arguments and results
 * ({@link io.dtf.api.pool.BrowserSession}), and {@link io.dtf.api.pool.ResourceLease#run} runs a job with the
 * pool's own time-outs, retrying it in a fresh browser when the browser (not the job) fails.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.2.0")
package io.dtf.api.pool;
