package org.mjpki.lifecycle.port;

/**
 * The secure element issuer's TSM (SEI-TSM): it owns the card manager keys of the phone's GP-SE and
 * installs or deletes the JPKI applet on request. Both calls are idempotent: installing an applet that is
 * already there, or deleting one that is gone, succeeds.
 */
public interface SeiTsm {

    /** Installs the JPKI applet on the SE {@code seId} with the given install parameters. */
    void installApplet(String seId, byte[] installParameters);

    /**
     * Deletes the JPKI applet on {@code seId}. Returns {@code false} when the phone is offline and the delete
     * stays pending until it comes back (R8); {@code true} when the applet is gone.
     */
    boolean deleteApplet(String seId);
}
