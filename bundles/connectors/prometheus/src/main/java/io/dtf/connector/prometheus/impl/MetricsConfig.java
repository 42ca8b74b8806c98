package io.dtf.connector.prometheus.impl;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * DTF's metrics, one set per Karaf ({@code etc/io.dtf.connector.prometheus.metrics.cfg}, optional): what
 * {@code /metrics} serves and every Prometheus connector instance pushes.
 */
@ObjectClassDefinition(name = "DTF metrics for Prometheus",
        description = "The histogram buckets of DTF's metrics at /metrics (etc/io.dtf.connector.prometheus.metrics.cfg, "
                + "optional). Changing them starts the metrics afresh.")
@interface MetricsConfig {
    /** The singleton PID: one /metrics per Karaf, however many connector instances push it. */
    String PID = "io.dtf.connector.prometheus.metrics";

    @AttributeDefinition(name = "Task duration buckets (s)",
            description = "Upper bounds in seconds of dtf_task_duration_seconds, ascending.")
    double[] taskDurationBuckets() default {0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800, 3600, 7200};

    @AttributeDefinition(name = "Test duration buckets (s)",
            description = "Upper bounds in seconds of dtf_test_duration_seconds, ascending.")
    double[] testDurationBuckets() default {0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300};
}
