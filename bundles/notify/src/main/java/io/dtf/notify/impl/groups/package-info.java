/** Groups of events, their timing, and their journals in the data area that let a restart resume them. */
package io.dtf.notify.impl.groups;
