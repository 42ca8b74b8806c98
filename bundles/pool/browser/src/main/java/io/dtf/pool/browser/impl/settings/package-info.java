/** The browser pool's implementation: its settings, checked: private to the bundle. */
package io.dtf.pool.browser.impl.settings;
