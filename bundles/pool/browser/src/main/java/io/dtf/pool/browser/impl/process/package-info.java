/** The browser pool's implementation: processes tracked and the transaction log: private to the bundle. */
package io.dtf.pool.browser.impl.process;
