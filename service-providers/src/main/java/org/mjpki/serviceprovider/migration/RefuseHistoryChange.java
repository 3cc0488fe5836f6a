package org.mjpki.serviceprovider.migration;

import java.sql.Connection;
import java.sql.SQLException;
import org.h2.api.Trigger;

/**
 * The embedded H2's trigger that keeps the whitelist's history (V1): it refuses the delete, or the update, it is
 * attached to, as the PostgreSQL migration's {@code refuse_history_change()} does. H2 loads it by name.
 */
public final class RefuseHistoryChange implements Trigger {

    private String table;

    @Override
    public void init(Connection connection, String schemaName, String triggerName, String tableName, boolean before, int type) {
        this.table = schemaName + "." + tableName;
    }

    @Override
    public void fire(Connection connection, Object[] oldRow, Object[] newRow) throws SQLException {
        String operation = newRow == null ? "DELETE" : "UPDATE";
        // SQLSTATE 23000, integrity constraint violation: the class of error PostgreSQL's trigger raises
        throw new SQLException("the service-provider whitelist keeps its history: " + operation + " on " + table
                + " is refused", "23000");
    }
}
