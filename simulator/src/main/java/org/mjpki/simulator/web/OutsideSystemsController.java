package org.mjpki.simulator.web;

import java.util.Map;
import org.mjpki.applet.client.ApduTransportException;
import org.mjpki.lifecycle.port.HolderNotification;
import org.mjpki.lifecycle.port.PhoneUnreachableException;
import org.mjpki.lifecycle.port.SeiTsm;
import org.mjpki.simulator.push.SimulatedPushService;
import org.mjpki.simulator.tsm.RelaySessions;
import org.mjpki.simulator.tsm.UnknownSecureElementException;
import org.mjpki.simulator.ConditionalOnSimulatedWorld;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The simulated outside systems' own interfaces, for workers that run in a process of their own: the SEI-TSM
 * (install, delete), the TSM relay to a phone's applet (sessions of APDUs) and the push service. In the embedded
 * default the workers call the simulators in-process; apart, they call these with the workers' technical user
 * (docs/adr/0013). The protocol is the one {@code org.mjpki.workers.outside} speaks; a real TSM has its own.
 */
@RestController
@RequestMapping("/outside")
@ConditionalOnSimulatedWorld
public class OutsideSystemsController {

    /** The longest command APDU there is: extended length, 65,535 data bytes, Le. */
    static final int MAX_COMMAND_APDU = 4 + 3 + 65_535 + 3;
    /** Install parameters are a few dozen bytes; anything much longer is not one. */
    static final int MAX_INSTALL_PARAMETERS = 1024;

    private final SeiTsm tsm;
    private final RelaySessions relay;
    private final SimulatedPushService push;

    public OutsideSystemsController(SeiTsm tsm, RelaySessions relay, SimulatedPushService push) {
        this.tsm = tsm;
        this.relay = relay;
        this.push = push;
    }

    // --- SEI-TSM

    @PutMapping(path = "/tsm/secure-elements/{seId}/applet", consumes = MediaType.APPLICATION_OCTET_STREAM_VALUE)
    public ResponseEntity<Void> installApplet(@PathVariable String seId, @RequestBody byte[] installParameters) {
        if (installParameters.length > MAX_INSTALL_PARAMETERS) {
            throw new IllegalArgumentException("install parameters longer than " + MAX_INSTALL_PARAMETERS + " bytes");
        }
        tsm.installApplet(seId, installParameters);
        return ResponseEntity.noContent().build();
    }

    @DeleteMapping("/tsm/secure-elements/{seId}/applet")
    public Map<String, Object> deleteApplet(@PathVariable String seId) {
        return Map.of("deleted", tsm.deleteApplet(seId));
    }

    // --- TSM relay

    @PostMapping("/relay/secure-elements/{seId}/sessions")
    public ResponseEntity<Map<String, Object>> openSession(@PathVariable String seId) {
        String sessionId = relay.open(seId);
        return ResponseEntity.status(HttpStatus.CREATED)
                .body(Map.of("sessionId", sessionId, "idleTimeoutSeconds", relay.idleTimeout().toSeconds()));
    }

    @PostMapping(path = "/relay/sessions/{sessionId}/apdus", consumes = MediaType.APPLICATION_OCTET_STREAM_VALUE,
            produces = MediaType.APPLICATION_OCTET_STREAM_VALUE)
    public byte[] transmit(@PathVariable String sessionId, @RequestBody byte[] commandApdu) {
        if (commandApdu.length < 4 || commandApdu.length > MAX_COMMAND_APDU) {
            throw new IllegalArgumentException("a command APDU has 4 to " + MAX_COMMAND_APDU + " bytes, not " + commandApdu.length);
        }
        return relay.transmit(sessionId, commandApdu);
    }

    @DeleteMapping("/relay/sessions/{sessionId}")
    public ResponseEntity<Void> closeSession(@PathVariable String sessionId) {
        relay.close(sessionId);
        return ResponseEntity.noContent().build();
    }

    // --- push

    public record Notification(String notificationId, String seId, String notification) {}

    @PostMapping("/push/notifications")
    public ResponseEntity<Void> notify(@RequestBody Notification request) {
        if (request == null || blank(request.notificationId()) || blank(request.seId()) || blank(request.notification())) {
            throw new IllegalArgumentException("notificationId, seId and notification are required");
        }
        HolderNotification kind;
        try {
            kind = HolderNotification.valueOf(request.notification());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown notification " + request.notification());
        }
        push.notify(request.notificationId(), request.seId(), kind);
        return ResponseEntity.accepted().build();
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    // --- errors, in the terms the HTTP adapters map back to the ports' exceptions

    @ExceptionHandler(UnknownSecureElementException.class)
    ResponseEntity<Map<String, String>> unknown(UnknownSecureElementException e) {
        return error(HttpStatus.NOT_FOUND, "unknown_secure_element", e.getMessage());
    }

    @ExceptionHandler(PhoneUnreachableException.class)
    ResponseEntity<Map<String, String>> unreachable(PhoneUnreachableException e) {
        return error(HttpStatus.SERVICE_UNAVAILABLE, "phone_unreachable", e.getMessage());
    }

    @ExceptionHandler(RelaySessions.NoSuchSessionException.class)
    ResponseEntity<Map<String, String>> noSession(RelaySessions.NoSuchSessionException e) {
        return error(HttpStatus.NOT_FOUND, "no_such_session", e.getMessage());
    }

    @ExceptionHandler(ApduTransportException.class)
    ResponseEntity<Map<String, String>> dropped(ApduTransportException e) {
        return error(HttpStatus.BAD_GATEWAY, "phone_dropped", "the phone dropped during the command");
    }

    @ExceptionHandler(IllegalArgumentException.class)
    ResponseEntity<Map<String, String>> invalid(IllegalArgumentException e) {
        return error(HttpStatus.BAD_REQUEST, "invalid_request", e.getMessage());
    }

    private static ResponseEntity<Map<String, String>> error(HttpStatus status, String code, String message) {
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("error", code, "message", message));
    }
}
