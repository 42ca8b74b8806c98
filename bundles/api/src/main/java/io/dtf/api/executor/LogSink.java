package io.dtf.api.executor;

/** Where an executor writes what a task prints; kept in full in the attempt's log file. */
public interface LogSink {
    void line(String line);
}
