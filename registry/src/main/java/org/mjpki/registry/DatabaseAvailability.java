package org.mjpki.registry;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

/**
 * Whether a failure means the database cannot be reached now (restarting, failing over, the pool timed out waiting for
 * a connection) rather than that something is wrong with the request: such a failure passes, and the same request
 * later will do (issue 16). Looks through the causes, as the engine and Spring wrap what the JDBC driver threw.
 */
public final class DatabaseAvailability {

    private DatabaseAvailability() {}

    public static boolean unreachable(Throwable failure) {
        return unreachable(failure, 0);
    }

    private static boolean unreachable(Throwable failure, int depth) {
        for (Throwable t = failure; t != null && depth < MAX_DEPTH; t = t.getCause() == t ? null : t.getCause(), depth++) {
            if (t instanceof SQLTransientConnectionException
                    || t instanceof org.springframework.dao.DataAccessResourceFailureException
                    || t instanceof org.springframework.transaction.CannotCreateTransactionException) {
                return true;
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null
                    // 08: connection exception; 57P01-57P03: the server is shutting down, crashed, cannot connect now
                    && (sql.getSQLState().startsWith("08") || sql.getSQLState().startsWith("57P"))) {
                return true;
            }
            if (t instanceof org.springframework.transaction.TransactionSystemException tx) {
                // the rollback after a failure failed too, and Spring reports that instead: the failure that started it
                // (the connection's I/O error) is kept apart, not as the cause
                if (tx.getApplicationException() != null && unreachable(tx.getApplicationException(), depth + 1)) {
                    return true;
                }
                // a commit or rollback the pool could not even send: the pool closed the broken connection under the
                // transaction (HikariCP says "Connection is closed", with no SQL state)
                if (tx.getCause() instanceof SQLException sql && sql.getSQLState() == null) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Causes looked through at most: a cycle of causes must not hang the worker that asks. */
    private static final int MAX_DEPTH = 64;
}
