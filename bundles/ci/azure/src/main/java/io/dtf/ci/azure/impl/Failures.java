package io.dtf.ci.azure.impl;

import io.dtf.api.connector.ExternalSystemException;
import io.dtf.api.connector.ExternalSystemResult;

/** The refusals of this provider: what a context or configuration lacks, which trying again cannot change. */
final class Failures {
    private Failures() {
    }

    /** A refusal that trying again cannot change: the context or configuration lacks what a call needs. */
    static ExternalSystemException rejected(String code, String message) {
        return new ExternalSystemException(ExternalSystemResult.rejected(code, message));
    }
}
