package io.dtf.api.connector;

/** Where a connector instance stands, as a lookup lists it. */
public enum ConnectorState {
    /** Its last contact with the system succeeded. */
    CONNECTED,
    /** It has not reached the system yet, or its last contact failed. */
    DISCONNECTED,
    /** It cannot be used through the lookup: it failed to say its capabilities or state, or its name is taken. */
    FAILED
}
