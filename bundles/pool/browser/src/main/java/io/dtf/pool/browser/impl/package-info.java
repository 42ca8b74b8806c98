/** The browser pool's implementation: private to the bundle. */
package io.dtf.pool.browser.impl;
