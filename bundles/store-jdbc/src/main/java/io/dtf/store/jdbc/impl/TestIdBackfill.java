package io.dtf.store.jdbc.impl;

import io.dtf.api.task.TestId;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;

/**
 * Gives the test cases stored before schema version 6 their {@link TestId}, which SQL cannot compute portably. In
 * transactions of at most {@code batchRows} rows each, found through {@code test_cases_by_test_status} (its NULL keys), so
 * that it never holds many locks and the coordinator's writes pass between batches.
 */
final class TestIdBackfill {
    private final Database db;
    private final int batchRows;

    TestIdBackfill(Database db, int batchRows) {
        this.db = db;
        this.batchRows = batchRows;
    }

    /** A row without its id. */
    private record Row(String task, int attempt, int ord, TestId id) {
    }

    /** Fills every missing id; returns how many rows it gave one. */
    long fill() {
        long filled = 0;
        int batch;
        do {
            batch = db.inTransaction("giving stored test cases their test ids", c -> {
                List<Row> rows = new ArrayList<>();
                try (PreparedStatement ps = c.prepareStatement("SELECT task_id, attempt, ord, suite, class_name, name "
                        + "FROM test_cases WHERE test_id IS NULL FETCH FIRST ? ROWS ONLY")) {
                    ps.setInt(1, batchRows);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            String className = rs.getString(5);
                            rows.add(new Row(rs.getString(1), rs.getInt(2), rs.getInt(3), TestId.of(
                                    className == null || className.isBlank() ? rs.getString(4) : className,
                                    rs.getString(6))));
                        }
                    }
                }
                if (rows.isEmpty()) {
                    return 0;
                }
                try (PreparedStatement ps = c.prepareStatement(
                        "UPDATE test_cases SET test_id = ? WHERE task_id = ? AND attempt = ? AND ord = ?")) {
                    for (Row row : rows) {
                        ps.setString(1, row.id().value());
                        ps.setString(2, row.task());
                        ps.setInt(3, row.attempt());
                        ps.setInt(4, row.ord());
                        ps.addBatch();
                    }
                    ps.executeBatch();
                }
                return rows.size();
            });
            filled += batch;
        } while (batch == batchRows);
        return filled;
    }
}
