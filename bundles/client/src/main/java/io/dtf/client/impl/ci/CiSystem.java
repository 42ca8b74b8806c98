package io.dtf.client.impl.ci;

import io.dtf.api.task.CIContext;
import java.util.function.Predicate;

/** One CI system DTF reports to: whether it runs this job, and the job's context from what it documents. */
abstract class CiSystem {
    private final String libraryName;
    private final Predicate<Env> marker;

    /**
     * @param libraryName the name Cucumber's ci-environment gives the system, or {@code null} when it does not know it
     * @param marker whether the environment is this system's (its documented marker variables)
     */
    CiSystem(String libraryName, Predicate<Env> marker) {
        this.libraryName = libraryName;
        this.marker = marker;
    }

    final boolean runs(Env env) {
        return marker.test(env);
    }

    final String libraryName() {
        return libraryName;
    }

    /** The context of the job, from the library's findings ({@link Library#NONE} if none) and the variables. */
    abstract CIContext context(Env env, Library library, TextFiles files);
}
