package io.dtf.api.connector;

/** What a connector can do with an item type ({@link ConnectorCapabilities#itemTypes()}). */
public enum ItemAction {
    /** {@link ExternalSystemConnector#createItem}. */
    CREATE,
    /** {@link ExternalSystemConnector#getItem}. */
    READ,
    /** {@link ExternalSystemConnector#updateItem}. */
    UPDATE,
    /** {@link ExternalSystemConnector#deleteItem}. */
    DELETE,
    /** {@link ExternalSystemConnector#query}. */
    QUERY,
    /** {@link ExternalSystemConnector#attach}. */
    ATTACH
}
