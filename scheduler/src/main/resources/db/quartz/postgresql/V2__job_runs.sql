-- V2: every run of a periodic job, with the schedule time it fired for and the node that ran it (issue 16): the proof
-- that each job runs once per schedule on one node of the cluster, and where an operator sees when a job last ran.
-- Rows older than 30 days are deleted as new ones come (JobRuns).
CREATE TABLE MJPKI_JOB_RUN (
    JOB_NAME            VARCHAR(200) NOT NULL,
    SCHEDULED_FIRE_TIME TIMESTAMP WITH TIME ZONE NOT NULL,
    FIRED_AT            TIMESTAMP WITH TIME ZONE NOT NULL,
    INSTANCE_ID         VARCHAR(200) NOT NULL
);
CREATE INDEX MJPKI_JOB_RUN_BY_SCHEDULE ON MJPKI_JOB_RUN (JOB_NAME, SCHEDULED_FIRE_TIME);
