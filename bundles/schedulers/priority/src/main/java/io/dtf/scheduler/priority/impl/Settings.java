package io.dtf.scheduler.priority.impl;

/** The configuration as one immutable value, replaced whole on every configuration change. */
record Settings(int agingSeconds, boolean preemption, int preemptionMargin, int maxPreemptions) {
    /** The defaults of {@link PriorityConfig}. */
    static final Settings DEFAULT = new Settings(60, false, 5, 4);

    Settings {
        agingSeconds = Math.max(0, agingSeconds);
        preemptionMargin = Math.max(1, preemptionMargin);
        maxPreemptions = Math.max(1, maxPreemptions);
    }

    static Settings of(PriorityConfig config) {
        return new Settings(config.agingSeconds(), config.preemption(), config.preemptionMargin(),
                config.maxPreemptions());
    }
}
