package io.dtf.api.plugin;

/** Where a plugin stands. */
public enum PluginState {
    /** Its services are registered and used. */
    ACTIVE,
    /** A user disabled it ({@code dtf:plugin-disable}). */
    DISABLED,
    /** DTF disabled it because it kept failing; the reason says why. */
    FAILED,
    /** Its bundle is resolved but a component waits for a service or configuration: see {@code missing}. */
    UNSATISFIED,
    /** Its bundle is not resolved: packages or capabilities are missing, see {@code missing}. */
    UNRESOLVED
}
