package io.dtf.client.impl.ci;

import io.dtf.api.task.CIContext;

/** One CI system DTF reports to: whether it runs this job, and the job's context from what it documents. */
interface CiSystem {
    /** Whether the environment is this system's (its documented marker variable). */
    boolean runs(Env env);

    /** The name Cucumber's ci-environment gives the system, or {@code null} when the library does not know it. */
    String libraryName();

    /** The context of the job, from the library's findings ({@link Library#NONE} if none) and the variables. */
    CIContext context(Env env, Library library, TextFiles files);
}
