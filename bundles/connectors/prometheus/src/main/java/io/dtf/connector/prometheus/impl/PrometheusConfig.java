package io.dtf.connector.prometheus.impl;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * One Prometheus connector instance ({@code etc/io.dtf.connector.prometheus-<name>.cfg}): where DTF's metrics are
 * pushed, if anywhere. Prometheus scraping {@code /metrics} needs no instance at all. The Pushgateway password is a
 * private property (its key starts with a dot), never published or printed; give it as {@code ${env:NAME}}.
 */
@ObjectClassDefinition(name = "DTF connector: Prometheus",
        description = "DTF's metrics for Prometheus: /metrics is always served; an instance adds a push to a Pushgateway "
                + "(etc/io.dtf.connector.prometheus-<name>.cfg).")
@interface PrometheusConfig {

    @AttributeDefinition(name = "Pushgateway URL", required = false,
            description = "The Pushgateway's base URL (http://pushgateway.example:9091), to which the metrics are PUT at "
                    + "/metrics/job/<job>[/instance/<instance>] in the text format 0.0.4. Empty: no push (Prometheus "
                    + "scrapes /metrics).")
    String pushgatewayUrl() default "";

    @AttributeDefinition(name = "Job", description = "The job grouping label of the pushed metrics.")
    String job() default "dtf";

    @AttributeDefinition(name = "Instance", required = false,
            description = "The instance grouping label of the pushed metrics, so that several DTF coordinators pushing "
                    + "one job do not replace each other's metrics (e.g. the host name). Empty: none.")
    String instance() default "";

    @AttributeDefinition(name = "Push interval (s)", min = "0",
            description = "Push every this many seconds; 0: only when asked (operation push_metrics, dtf:connector-test).")
    int intervalSeconds() default 0;

    @AttributeDefinition(name = "User", required = false,
            description = "The user of the Pushgateway's basic authentication (its web configuration); empty: none.")
    String username() default "";

    @AttributeDefinition(name = "Password", type = AttributeType.PASSWORD, required = false,
            description = "The basic authentication password (key .password), e.g. ${env:DTF_PUSHGATEWAY_PASSWORD}. "
                    + "Never printed.")
    String _password() default "";

    @AttributeDefinition(name = "Request time-out (s)", min = "1",
            description = "How long one request to the Pushgateway may take.")
    int timeoutSeconds() default 10;
}
