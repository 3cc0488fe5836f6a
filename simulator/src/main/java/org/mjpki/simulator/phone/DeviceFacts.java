package org.mjpki.simulator.phone;

/** What the app reports about the phone for the eligibility decision (R7). */
public record DeviceFacts(String manufacturer, String model, int osVersion, String seType, boolean rooted) {

    public static DeviceFacts eligibleDefault() {
        return new DeviceFacts("SimPhone", "SP-100", 14, "GP-SE-JAVACARD", false);
    }
}
