package io.dtf.store.jdbc.impl;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of the JDBC task store, PID {@code io.dtf.store.jdbc}. */
@ObjectClassDefinition(name = "DTF JDBC task store",
        description = "Where DTF keeps runs, tasks, attempts and test cases: an embedded H2 file database by default, "
                + "or PostgreSQL.")
public @interface JdbcStoreConfig {

    @AttributeDefinition(name = "JDBC URL",
            description = "jdbc:h2:file:... or jdbc:postgresql://host/db. ${karaf.data} is replaced by the karaf.data "
                    + "system property (./data when unset).")
    String url() default JdbcTaskStore.DEFAULT_URL;

    @AttributeDefinition(name = "User", description = "Database user.")
    String user() default "sa";

    /**
     * The key is {@code .password}: a private component property (leading dot), so that DS does not
     * copy it into the TaskStore service's properties, where {@code service:list} would print it.
     */
    @AttributeDefinition(name = "Password", type = AttributeType.PASSWORD,
            description = "Database password (key .password); use ${env:NAME} in the .cfg file rather than the "
                    + "password itself.")
    String _password() default "";

    @AttributeDefinition(name = "Maximum connections", min = "1",
            description = "Size of the connection pool.")
    int maxConnections() default 8;

    @AttributeDefinition(name = "Test case retention (days)", min = "0",
            description = "Test cases of runs submitted longer ago than this are purged; 0 keeps them at any age. "
                    + "Runs and tasks stay.")
    int testCaseRetentionDays() default 0;

    @AttributeDefinition(name = "Test case retention (runs)", min = "0",
            description = "Only the test cases of the latest this many runs are kept; 0 keeps those of every run. "
                    + "Runs and tasks stay.")
    int testCaseRetentionRuns() default 0;

    @AttributeDefinition(name = "Purge interval (minutes)", min = "1",
            description = "How often old test cases are purged, in the background, in small batches.")
    int purgeIntervalMinutes() default 60;
}
