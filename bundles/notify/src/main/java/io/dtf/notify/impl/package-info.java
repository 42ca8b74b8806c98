/** The notification system's implementation: private to the bundle. */
package io.dtf.notify.impl;
