package io.dtf.api.plugin;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Receives events: a whiteboard service. The {@value #PROPERTY} service property lists the
 * {@link HookType} names it wants (all when absent). Events of one hook arrive in order, on a
 * thread of that hook's own; an exception or a slow answer only affects this hook.
 */
@ConsumerType
@FunctionalInterface
public interface Hook {
    /** Service property naming the hook types a hook receives. */
    String PROPERTY = "dtf.hook";

    void on(DtfEvent event) throws Exception;
}
