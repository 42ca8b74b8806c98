package io.dtf.store.jdbc.impl;

import io.dtf.api.worker.WorkerId;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** A fresh store on an H2 file in a temporary folder for each test. */
abstract class StoreTestBase {
    static final WorkerId W1 = WorkerId.of("w1");
    static final WorkerId W2 = WorkerId.of("w2");

    @TempDir
    Path dir;
    JdbcTaskStore store;

    @BeforeEach
    void openStore() {
        store = Fixtures.open(dir);
    }

    @AfterEach
    void closeStore() {
        store.deactivate();
    }
}
