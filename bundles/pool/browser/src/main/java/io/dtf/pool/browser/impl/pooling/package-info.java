/** The browser pool's implementation: leases, returns, replacements: private to the bundle. */
package io.dtf.pool.browser.impl.pooling;
