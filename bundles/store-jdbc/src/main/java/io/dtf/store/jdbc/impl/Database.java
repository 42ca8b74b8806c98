package io.dtf.store.jdbc.impl;

import io.dtf.api.DtfException;
import io.dtf.api.ErrorCode;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.regex.Pattern;
import javax.sql.ConnectionPoolDataSource;
import org.h2.jdbcx.JdbcConnectionPool;
import org.h2.jdbcx.JdbcDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A pool of connections to one database with its {@link Dialect}, and the two ways the store uses
 * them: a unit of work in one transaction, committed before it returns, and a read. Every
 * {@link SQLException} leaves as a {@link DtfException} with {@link ErrorCode#STORE_UNAVAILABLE}
 * whose message never contains the password.
 */
final class Database {
    private static final Logger LOG = LoggerFactory.getLogger(Database.class);
    private static final int ATTEMPTS = 3;
    /** How long H2 may compact its file when the store closes. */
    static final int COMPACT_AT_CLOSE_MILLIS = 3000;
    private static final Pattern URL_SECRET = Pattern.compile("(?i)(password=)[^;&]*");

    /** Work on a connection. */
    @FunctionalInterface
    interface Work<T> {
        T apply(Connection connection) throws SQLException;
    }

    private final JdbcConnectionPool pool;
    private final Dialect dialect;
    private final String url;
    private final String password;
    private volatile boolean closed;
    /** The connection {@link #inWriterTransaction} keeps; guarded by this. */
    private Connection writerConnection;

    private Database(JdbcConnectionPool pool, Dialect dialect, String url, String password) {
        this.pool = pool;
        this.dialect = dialect;
        this.url = url;
        this.password = password;
    }

    /** Opens a pool of at most {@code maxConnections} connections to {@code url} (H2 or PostgreSQL). */
    static Database open(String url, String user, String password, int maxConnections) {
        if (maxConnections < 1) {
            throw new IllegalArgumentException("maxConnections must be at least 1: " + maxConnections);
        }
        String secret = password == null ? "" : password;
        JdbcConnectionPool pool = JdbcConnectionPool.create(dataSource(url, user, secret));
        pool.setMaxConnections(maxConnections);
        try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement()) {
            Dialect dialect = Dialect.ofProduct(connection.getMetaData().getDatabaseProductName());
            for (String sql : dialect.sessionSetup()) {
                statement.execute(sql);
            }
            return new Database(pool, dialect, url, secret);
        } catch (SQLException | RuntimeException e) {
            pool.dispose();
            String message = "cannot open the task store at " + redact(url, secret) + ": "
                    + redact(e.getMessage(), secret);
            throw new DtfException(ErrorCode.STORE_UNAVAILABLE, message, e);
        }
    }

    private static ConnectionPoolDataSource dataSource(String url, String user, String password) {
        if (url.startsWith("jdbc:h2:")) {
            JdbcDataSource source = new JdbcDataSource();
            source.setURL(h2Url(url));
            source.setUser(user);
            source.setPassword(password);
            return source;
        }
        if (url.startsWith("jdbc:postgresql:")) {
            try {
                return PostgresSource.create(url, user, password);
            } catch (NoClassDefFoundError e) {
                throw new DtfException(ErrorCode.STORE_UNAVAILABLE,
                        "the PostgreSQL JDBC driver (org.postgresql) is not installed", e);
            }
        }
        throw new DtfException(ErrorCode.STORE_UNAVAILABLE,
                "unsupported JDBC URL " + redact(url, password) + ": use jdbc:h2:... or jdbc:postgresql:...");
    }

    /**
     * An H2 URL on the {@code async:} file system for a file database, with {@code WRITE_DELAY=0} (a query cache of 64,
     * and compaction at close for up to {@value #COMPACT_AT_CLOSE_MILLIS} ms) unless it sets its own: commits are written before they
     * return from the first moment on, and H2 starts no background writer thread when it opens the
     * database. (Opened with the default delay, H2 creates that thread in the calling thread's group;
     * called from a Karaf shell command such as {@code bundle:restart}, that group may be destroyed,
     * and the database then fails to open with an {@code IllegalThreadStateException}.)
     */
    static String h2Url(String url) {
        String upper = url.toUpperCase(Locale.ROOT);
        // A file database is opened through H2's async: file system (AsynchronousFileChannel), which an interrupt
        // does not close: through file: (FileChannel), a thread interrupted during the store's I/O (a watchdog
        // ending a hook, a pool shut down) closes the file, and with it the database, for every caller.
        String opened = upper.startsWith("JDBC:H2:FILE:") ? "jdbc:h2:async:" + url.substring("jdbc:h2:file:".length())
                : url;
        String withDelay = upper.contains(";WRITE_DELAY=") ? opened : opened + ";WRITE_DELAY=0";
        // The store prepares about a dozen statements over and over; H2 keeps 8 parsed per session by default.
        String withCache = upper.contains(";QUERY_CACHE_SIZE=") ? withDelay : withDelay + ";QUERY_CACHE_SIZE=64";
        // Without a background writer (WRITE_DELAY=0) H2 never compacts while open; it does at SHUTDOWN, for at most
        // this long (200 ms by default): 78 MB of a busy day's file became 11 MB in 1.3 s.
        return upper.contains(";MAX_COMPACT_TIME=") ? withCache : withCache + ";MAX_COMPACT_TIME=" + COMPACT_AT_CLOSE_MILLIS;
    }

    Dialect dialect() {
        return dialect;
    }

    /** The URL with any password in it replaced by {@code ***}, for logs. */
    String describe() {
        return redact(url, password);
    }

    /**
     * Runs {@code work} in one transaction: committed when it returns, rolled back when it throws.
     * A transaction the database rolled back to break a deadlock or a serialization conflict (SQL
     * state class 40) is run again, up to {@value #ATTEMPTS} times in all: the work must be safe to
     * repeat, as fenced updates are.
     */
    <T> T inTransaction(String what, Work<T> work) {
        return retried(what, () -> {
            try (Connection connection = connect()) {
                connection.setAutoCommit(false);
                try {
                    return committed(connection, work);
                } finally {
                    restoreAutoCommit(connection);
                }
            }
        }, () -> { });
    }

    /**
     * Like {@link #inTransaction}, on the store's writer connection: one connection kept open across
     * transactions, so that what {@code work} prepares on it can be kept too. One caller at a time
     * (group commit makes the store's writes one at a time anyway). A connection that failed is
     * closed, and the next call opens another; {@code onNewConnection} runs before the first use of each.
     */
    synchronized <T> T inWriterTransaction(String what, Runnable onNewConnection, Work<T> work) {
        return retried(what, () -> {
            if (writerConnection == null) {
                onNewConnection.run();
                writerConnection = connect();
                writerConnection.setAutoCommit(false);
            }
            return committed(writerConnection, work);
        }, this::closeWriter);
    }

    /** One transaction on the connection: committed when {@code work} returns, rolled back when it throws. */
    private static <T> T committed(Connection connection, Work<T> work) throws SQLException {
        try {
            T result = work.apply(connection);
            connection.commit();
            return result;
        } catch (SQLException | RuntimeException | Error e) {
            rollback(connection, e);
            throw e;
        }
    }

    /** A transaction, run again while the database rolls it back on its own; {@code onFailure} before giving up. */
    private <T> T retried(String what, Transaction<T> transaction, Runnable onFailure) {
        for (int attempt = 1; ; attempt++) {
            try {
                return transaction.run();
            } catch (SQLException e) {
                if (attempt >= ATTEMPTS || !isTransient(e)) {
                    onFailure.run();
                    throw failure(what, e);
                }
                LOG.debug("{}: transaction rolled back by the database ({}), trying again", what, e.getSQLState());
            }
        }
    }

    private interface Transaction<T> {
        T run() throws SQLException;
    }

    private synchronized void closeWriter() {
        if (writerConnection != null) {
            try {
                writerConnection.setAutoCommit(true);
                writerConnection.close();
            } catch (SQLException e) {
                LOG.debug("closing the writer connection failed: {}", redact(e.getMessage(), password));
            }
            writerConnection = null;
        }
    }

    /** Whether the database rolled the transaction back on its own: deadlock or serialization failure. */
    static boolean isTransient(SQLException e) {
        for (SQLException next = e; next != null; next = next.getNextException()) {
            String state = next.getSQLState();
            if (state != null && state.startsWith("40")) {
                return true;
            }
        }
        return false;
    }

    /** Runs {@code work} on a connection in auto-commit mode. */
    <T> T read(String what, Work<T> work) {
        try (Connection connection = connect()) {
            return work.apply(connection);
        } catch (SQLException e) {
            throw failure(what, e);
        }
    }

    DtfException failure(String what, SQLException e) {
        return new DtfException(ErrorCode.STORE_UNAVAILABLE,
                "task store: " + what + " failed: " + redact(e.getMessage(), password), e);
    }

    private Connection connect() throws SQLException {
        if (closed) {
            throw new SQLException("the task store is closed", "08003");
        }
        return pool.getConnection();
    }

    /** Closes the database (H2: {@code SHUTDOWN}) and every pooled connection; later calls fail. */
    void shutdown() {
        if (closed) {
            return;
        }
        closed = true;
        closeWriter();
        try {
            String sql = dialect.shutdown();
            if (sql != null) {
                try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement()) {
                    statement.execute(sql);
                } catch (SQLException e) {
                    LOG.debug("shutdown of {} failed: {}", describe(), redact(e.getMessage(), password));
                }
            }
        } finally {
            pool.dispose();
        }
    }

    private static void rollback(Connection connection, Throwable cause) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }

    private static void restoreAutoCommit(Connection connection) {
        try {
            connection.setAutoCommit(true);
        } catch (SQLException e) {
            LOG.debug("cannot restore auto-commit on a pooled connection", e);
        }
    }

    /** {@code text} with the password and any {@code password=...} setting replaced by {@code ***}. */
    static String redact(String text, String password) {
        if (text == null) {
            return null;
        }
        String redacted = password == null || password.isEmpty() ? text : text.replace(password, "***");
        return URL_SECRET.matcher(redacted).replaceAll("$1***");
    }
}
