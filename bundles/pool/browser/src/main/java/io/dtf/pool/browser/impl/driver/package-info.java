/** The browser pool's implementation: browsers started and driven through Selenium WebDriver, watched, their failures classified: private to the bundle. */
package io.dtf.pool.browser.impl.driver;
