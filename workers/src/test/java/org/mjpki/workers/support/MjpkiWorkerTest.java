package org.mjpki.workers.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;
import org.camunda.bpm.client.task.ExternalTask;
import org.camunda.bpm.client.task.ExternalTaskService;
import org.junit.jupiter.api.Test;
import org.mjpki.applet.client.ApduTransportException;
import org.mjpki.lifecycle.port.PhoneUnreachableException;
import org.mockito.ArgumentCaptor;

/** Every task ends in exactly one of complete, BPMN error or failure; nothing escapes to the client. */
class MjpkiWorkerTest {

    private final ExternalTask task = mock(ExternalTask.class);
    private final ExternalTaskService service = mock(ExternalTaskService.class);

    private static MjpkiWorker worker(Supplier<Map<String, Object>> work) {
        return new MjpkiWorker(new RetryPolicy(3, Duration.ofSeconds(2), Duration.ofSeconds(60))) {
            @Override
            protected Map<String, Object> work(LifecycleTask t) {
                return work.get();
            }

            @Override
            protected String step(LifecycleTask t) {
                return "do the test step";
            }

            @Override
            protected String retryEffect() {
                return "retrying does it again";
            }
        };
    }

    MjpkiWorkerTest() {
        when(task.getBusinessKey()).thenReturn("APP-12345678");
        when(task.getProcessDefinitionKey()).thenReturn("issuance");
        when(task.getTopicName()).thenReturn("test.do-step");
    }

    @Test
    void completesWithTheResult() {
        worker(() -> Map.of("holderRef", "h")).execute(task, service);
        verify(service).complete(task, Map.of("holderRef", "h"));
        verify(service, never()).handleFailure(any(ExternalTask.class), anyString(), anyString(), anyInt(), anyLong());
    }

    @Test
    void aBusinessOutcomeIsABpmnError() {
        worker(() -> { throw new BusinessOutcome("ALREADY_ISSUED", "has a set"); }).execute(task, service);
        verify(service).handleBpmnError(task, "ALREADY_ISSUED", "has a set");
        verify(service, never()).complete(any(ExternalTask.class), any());
    }

    @Test
    void anUnexpectedExceptionCountsRetriesDownAndEndsInAnIncident() {
        MjpkiWorker failing = worker(() -> { throw new IllegalStateException("boom"); });
        ArgumentCaptor<String> message = ArgumentCaptor.forClass(String.class);

        when(task.getRetries()).thenReturn(null); // first failure
        failing.execute(task, service);
        verify(service).handleFailure(eq(task), message.capture(), anyString(), eq(2), eq(2000L));
        assertThat(message.getValue()).startsWith("Issuance APP-12345678: do the test step failed: IllegalStateException: boom.")
                .contains("2 left").contains("retrying does it again");

        when(task.getRetries()).thenReturn(1); // last retry
        failing.execute(task, service);
        verify(service).handleFailure(eq(task), message.capture(), anyString(), eq(0), anyLong());
        assertThat(message.getValue()).contains("Retries used up");
        assertThat(message.getValue().length()).isLessThan(666);
    }

    @Test
    void errorsToo() {
        when(task.getRetries()).thenReturn(null);
        worker(() -> { throw new StackOverflowError(); }).execute(task, service);
        verify(service).handleFailure(eq(task), anyString(), anyString(), eq(2), anyLong());
    }

    @Test
    void anUnreachablePhoneWaitsWithoutUsingRetries() {
        when(task.getRetries()).thenReturn(2);
        worker(() -> { throw new PhoneUnreachableException("SE-1"); }).execute(task, service);
        verify(service).handleFailure(eq(task), anyString(), eq(null), eq(2), eq(30_000L));
        worker(() -> { throw new ApduTransportException("link dropped"); }).execute(task, service);
        verify(service, org.mockito.Mockito.times(2)).handleFailure(eq(task), anyString(), eq(null), eq(2), eq(30_000L));
    }

    /** Issue 16: the JPKI system away for hours raises no incident; the task waits for it and asks again. */
    @Test
    void theJpkiSystemAwayWaitsWithoutUsingRetriesAndSaysSo() {
        when(task.getRetries()).thenReturn(2);
        ArgumentCaptor<String> message = ArgumentCaptor.forClass(String.class);
        worker(() -> { throw new org.mjpki.ca.CertificateAuthorityUnavailableException("outage"); }).execute(task, service);
        verify(service).handleFailure(eq(task), message.capture(), eq(null), eq(2), eq(60_000L));
        org.assertj.core.api.Assertions.assertThat(message.getValue()).startsWith(MjpkiWorker.WAITING_FOR_THE_JPKI_SYSTEM)
                .contains("APP-12345678");
    }

    /** Issue 16: the database restarting under a task (as the driver or the pool reports it) is waited out too. */
    @Test
    void theDatabaseAwayWaitsWithoutUsingRetries() {
        when(task.getRetries()).thenReturn(3);
        worker(() -> { throw new org.springframework.jdbc.CannotGetJdbcConnectionException("no connection",
                new java.sql.SQLTransientConnectionException("pool timed out")); }).execute(task, service);
        worker(() -> { throw new RuntimeException("wrapped", new java.sql.SQLException("terminating connection", "57P01")); })
                .execute(task, service);
        verify(service, org.mockito.Mockito.times(2)).handleFailure(eq(task), org.mockito.ArgumentMatchers.startsWith(
                "Waiting for the database"), eq(null), eq(3), eq(5_000L));
        // a query the database refused is no outage: it counts down
        worker(() -> { throw new RuntimeException("wrapped", new java.sql.SQLException("syntax", "42601")); }).execute(task, service);
        verify(service).handleFailure(eq(task), anyString(), anyString(), eq(2), anyLong());
    }

    @Test
    void theWaitsBetweenTriesAreSettings() {
        when(task.getRetries()).thenReturn(2);
        MjpkiWorker offline = worker(() -> { throw new PhoneUnreachableException("SE-1"); });
        offline.waitBetweenTries(new MjpkiWorker.Waits(Duration.ofSeconds(1), Duration.ofMinutes(5), Duration.ofSeconds(2)));
        offline.execute(task, service);
        verify(service).handleFailure(eq(task), anyString(), eq(null), eq(2), eq(1_000L));
    }

    @Test
    void aRejectedCompletionDoesNotEscape() {
        org.mockito.Mockito.doThrow(new RuntimeException("lock expired")).when(service).complete(any(ExternalTask.class), any());
        worker(Map::of).execute(task, service); // must not throw
    }

    @Test
    void longMessagesAreCutBelowTheEngineLimit() {
        String longText = "x".repeat(2000);
        worker(() -> { throw new IllegalStateException(longText); }).execute(task, service);
        ArgumentCaptor<String> message = ArgumentCaptor.forClass(String.class);
        verify(service).handleFailure(eq(task), message.capture(), anyString(), anyInt(), anyLong());
        assertThat(message.getValue().length()).isLessThanOrEqualTo(600);
    }

    @Test
    void aLongCauseIsCutSoTheMessageStillSaysWhatARetryDoes() {
        String databaseError = "\n### Error querying database.\n" + "x".repeat(2000);
        when(task.getRetries()).thenReturn(null); // first failure
        worker(() -> { throw new IllegalStateException(databaseError); }).execute(task, service);
        ArgumentCaptor<String> message = ArgumentCaptor.forClass(String.class);
        verify(service).handleFailure(eq(task), message.capture(), anyString(), anyInt(), anyLong());
        assertThat(message.getValue()).startsWith("Issuance APP-12345678: do the test step failed: IllegalStateException: ### Error")
                .endsWith("Retrying automatically (2 left); retrying does it again.")
                .doesNotContain("\n").hasSizeLessThanOrEqualTo(600);
    }

    private static org.camunda.bpm.client.exception.EngineException engineRefused(String type, int code) {
        org.camunda.bpm.client.exception.RestException rest =
                new org.camunda.bpm.client.exception.RestException("refused", type, code);
        rest.setHttpStatusCode(500);
        return new org.camunda.bpm.client.exception.EngineException("TASK/CLIENT-01009 refused", rest);
    }

    @Test
    void aCompletionThatCollidedWithAParallelBranchIsSentAgainAtOnce() {
        org.mockito.Mockito.doThrow(engineRefused("OptimisticLockingException", 1))
                .doThrow(engineRefused("OptimisticLockingException", 1))
                .doNothing().when(service).complete(task, Map.of());
        worker(Map::of).execute(task, service);
        verify(service, org.mockito.Mockito.times(3)).complete(task, Map.of());
        verify(service, never()).handleFailure(any(ExternalTask.class), anyString(), anyString(), anyInt(), anyLong());
    }

    @Test
    void anyOtherRefusalIsLeftToTheTaskComingBackAndNothingEscapes() {
        org.mockito.Mockito.doThrow(engineRefused("NotFoundException", 0)).when(service).complete(task, Map.of());
        worker(Map::of).execute(task, service);
        verify(service, org.mockito.Mockito.times(1)).complete(task, Map.of());

        org.mockito.Mockito.doThrow(engineRefused("OptimisticLockingException", 1)).when(service)
                .handleBpmnError(any(ExternalTask.class), anyString(), anyString());
        worker(() -> {
            throw new BusinessOutcome("SE_REFUSED", "refused");
        }).execute(task, service);
        verify(service, org.mockito.Mockito.times(5)).handleBpmnError(any(ExternalTask.class), anyString(), anyString());
    }

    /**
     * A business outcome whose transaction broke a foreign key under a parallel branch (the engine's code 10001: the
     * boundary error deleting the scope while the other branch added to it), or met a deadlock (10000), stored nothing:
     * sent again at once, over REST and over the engine API alike. Left to the task's lock, the CA's refusal was asked
     * again and became an issued certificate.
     */
    @Test
    void anOutcomeThatBrokeAForeignKeyOrMetADeadlockIsSentAgainAtOnceOnEitherTransport() {
        org.mockito.Mockito.doThrow(engineRefused("ProcessEnginePersistenceException", 10_001))
                .doThrow(engineRefused("ProcessEnginePersistenceException", 10_000))
                .doThrow(new TransactionCollided(new IllegalStateException("foreign key, on the engine API")))
                .doNothing().when(service).handleBpmnError(any(ExternalTask.class), anyString(), anyString());
        worker(() -> {
            throw new BusinessOutcome("CERTIFICATE_REFUSED", "refused");
        }).execute(task, service);
        verify(service, org.mockito.Mockito.times(4)).handleBpmnError(any(ExternalTask.class), anyString(), anyString());
        verify(service, never()).handleFailure(any(ExternalTask.class), anyString(), anyString(), anyInt(), anyLong());
    }
}
