/** Turning a group's notification into the text of each kind of channel with FreeMarker templates. */
package io.dtf.notify.impl.templates;
