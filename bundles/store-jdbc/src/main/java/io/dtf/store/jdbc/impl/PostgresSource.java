package io.dtf.store.jdbc.impl;

import javax.sql.ConnectionPoolDataSource;
import org.postgresql.ds.PGConnectionPoolDataSource;

/**
 * The PostgreSQL data source, in a class of its own: {@code org.postgresql} is an optional import,
 * loaded only when the configured URL asks for PostgreSQL.
 */
final class PostgresSource {
    private PostgresSource() {
    }

    static ConnectionPoolDataSource create(String url, String user, String password) {
        PGConnectionPoolDataSource source = new PGConnectionPoolDataSource();
        source.setURL(url);
        if (user != null && !user.isEmpty()) {
            source.setUser(user);
        }
        if (password != null && !password.isEmpty()) {
            source.setPassword(password);
        }
        return source;
    }
}
