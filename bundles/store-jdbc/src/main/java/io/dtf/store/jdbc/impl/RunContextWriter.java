package io.dtf.store.jdbc.impl;

import static io.dtf.store.jdbc.impl.Columns.setInt;
import static io.dtf.store.jdbc.impl.Columns.setString;

import io.dtf.api.task.CIContext;
import io.dtf.api.task.TestRun;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Map;

/**
 * What makes a run searchable, written with it (schema 5): its CI context in the {@code ci_*} columns of its
 * row, and each label as a row of {@code run_labels}.
 */
final class RunContextWriter {
    private RunContextWriter() {
    }

    /** In the transaction that inserted the run's row. */
    static void write(Connection c, TestRun run, Json json) throws SQLException {
        CIContext ci = run.ci();
        if (ci != null) {
            try (PreparedStatement ps = c.prepareStatement("UPDATE runs SET ci_provider = ?, ci_repository = ?, "
                    + "ci_commit = ?, ci_branch = ?, ci_pull_request = ?, ci_json = ? WHERE id = ?")) {
                ps.setString(1, ci.provider());
                setString(ps, 2, ci.repository());
                setString(ps, 3, ci.commit());
                setString(ps, 4, ci.branch());
                setInt(ps, 5, ci.pullRequest());
                ps.setString(6, json.ciDetails(ci));
                ps.setString(7, run.id().value());
                ps.executeUpdate();
            }
        }
        if (!run.labels().isEmpty()) {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO run_labels (run_id, label_name, label_value) VALUES (?, ?, ?)")) {
                for (Map.Entry<String, String> label : run.labels().entrySet()) {
                    ps.setString(1, run.id().value());
                    ps.setString(2, label.getKey());
                    ps.setString(3, label.getValue());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        }
    }
}
