/** The routing file: its rules as read, checked, with messages that name the line and key of each mistake. */
package io.dtf.notify.impl.config;
