package org.mjpki.webapp.identity;

/** The groups that decide who may do what. */
public final class MjpkiGroups {
    /** Operators: Cockpit, Tasklist, Admin and the simulator (Camunda's own admin group). */
    public static final String OPERATORS = "camunda-admin";
    /** The external task workers: fetch and complete tasks, nothing else. */
    public static final String WORKERS = "mjpkiWorkers";
    /** Apps (the Mynaportal app back end): the app API only; no engine REST rights. */
    public static final String APPS = "mjpkiApps";
    /** Call-center staff: Tasklist, to report a lost phone and work its tasks (lost-device-hold), nothing else. */
    public static final String CALL_CENTER = org.mjpki.processes.hold.LostDeviceHoldProcess.CALL_CENTER_GROUP;

    /**
     * Process owners: deploy a new version of a model or decision table from Camunda Modeler (the engine REST API's
     * deployment resource, theirs alone), and read definitions; no instances, no tasks, no app API.
     */
    public static final String PROCESS_OWNERS = "mjpkiProcessOwners";
    /** Monitoring (a Prometheus scraper): the actuator's metrics, nothing else. */
    public static final String MONITORING = "mjpkiMonitoring";

    private MjpkiGroups() {}
}
