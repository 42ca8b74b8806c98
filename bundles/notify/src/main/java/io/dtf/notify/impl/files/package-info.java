/** Files in the data area: written whole and atomically, or appended line by line. */
package io.dtf.notify.impl.files;
