/** The browser pool's implementation: job latencies and slow jobs: private to the bundle. */
package io.dtf.pool.browser.impl.history;
