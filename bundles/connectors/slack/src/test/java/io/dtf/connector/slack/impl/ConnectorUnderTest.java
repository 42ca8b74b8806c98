package io.dtf.connector.slack.impl;

import io.dtf.http.testing.ManualHttpTime;
import org.junit.jupiter.api.AfterEach;

/** A test of one connector on manual time: the connector is closed after each test. */
abstract class ConnectorUnderTest {
    final ManualHttpTime time = SlackFixture.time();
    SlackConnector slack;

    @AfterEach
    void close() {
        if (slack != null) {
            slack.deactivate();
        }
    }
}
