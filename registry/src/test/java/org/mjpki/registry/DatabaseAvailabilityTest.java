package org.mjpki.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;

/** Which failures mean "the database cannot be reached now" (waited out, 503) and which are failures to count (issue 16). */
class DatabaseAvailabilityTest {

    @Test
    void aConnectionThatCannotBeHadOrWasLostIsUnreachable() {
        assertThat(DatabaseAvailability.unreachable(new SQLTransientConnectionException("pool timed out"))).isTrue();
        assertThat(DatabaseAvailability.unreachable(new DataAccessResourceFailureException("down"))).isTrue();
        assertThat(DatabaseAvailability.unreachable(new CannotCreateTransactionException("no connection"))).isTrue();
        assertThat(DatabaseAvailability.unreachable(new IllegalStateException("wrapped",
                new SQLException("An I/O error occurred while sending to the backend", "08006")))).isTrue();
        assertThat(DatabaseAvailability.unreachable(new SQLException("terminating connection", "57P01"))).isTrue();
    }

    /**
     * Seen under the database restart: the statement's I/O error, then the rollback on the connection the pool had
     * already closed; Spring throws the second and keeps the first apart.
     */
    @Test
    void aRollbackThatFailedBecauseThePoolClosedTheBrokenConnectionIsUnreachable() {
        TransactionSystemException rollbackFailed = new TransactionSystemException("JDBC rollback failed",
                new SQLException("Connection is closed"));
        assertThat(DatabaseAvailability.unreachable(new RuntimeException("engine", rollbackFailed))).isTrue();

        TransactionSystemException overriding = new TransactionSystemException("JDBC rollback failed",
                new SQLException("rollback refused", "25P02"));
        overriding.initApplicationException(new IllegalStateException("statement failed",
                new SQLException("An I/O error occurred while sending to the backend", "08006")));
        assertThat(DatabaseAvailability.unreachable(overriding)).isTrue();
    }

    @Test
    void aRequestTheDatabaseRefusesIsNotAnOutage() {
        assertThat(DatabaseAvailability.unreachable(new DataIntegrityViolationException("duplicate key",
                new SQLException("duplicate key value", "23505")))).isFalse();
        assertThat(DatabaseAvailability.unreachable(new SQLException("invalid byte sequence", "22021"))).isFalse();
        assertThat(DatabaseAvailability.unreachable(new TransactionSystemException("commit failed",
                new SQLException("could not serialize access", "40001")))).isFalse();
        assertThat(DatabaseAvailability.unreachable(new IllegalArgumentException("bad input"))).isFalse();
        assertThat(DatabaseAvailability.unreachable(null)).isFalse();
    }
}
