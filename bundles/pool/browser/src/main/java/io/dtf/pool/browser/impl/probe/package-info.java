/** The browser pool's implementation: capabilities probed with JavaScript: private to the bundle. */
package io.dtf.pool.browser.impl.probe;
