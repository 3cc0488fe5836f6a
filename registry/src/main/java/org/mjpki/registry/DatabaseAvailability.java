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
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
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
        }
        return false;
    }
}
