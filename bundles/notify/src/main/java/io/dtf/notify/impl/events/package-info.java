/** What the notification system knows of an event: its labels for routing, and whether a failure is new. */
package io.dtf.notify.impl.events;
