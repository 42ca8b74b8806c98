/** The notification system's Karaf shell commands, {@code dtf:notifications} and {@code dtf:silence}. */
package io.dtf.notify.impl.shell;
