package io.dtf.api.executor;

import org.osgi.annotation.versioning.ProviderType;

/** Where an executor writes what a task prints; kept in full in the attempt's log file. */
@ProviderType
public interface LogSink {
    void line(String line);
}
