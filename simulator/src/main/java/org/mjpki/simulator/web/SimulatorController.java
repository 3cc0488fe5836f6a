package org.mjpki.simulator.web;

import java.time.Duration;
import java.util.Map;
import org.mjpki.simulator.SimulatedWorld;
import org.mjpki.simulator.SimulatorProperties;
import org.mjpki.simulator.app.AppApiClient.ApplicationStatus;
import org.mjpki.simulator.app.SimulatedHolder;
import org.mjpki.simulator.phone.DeviceFacts;
import org.mjpki.simulator.phone.SimulatedPhone;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Drives the simulated world for demos and manual tests: a new holder with a test My Number card and a phone
 * applies for a smartphone set through the app API, exactly as the real app would.
 */
@RestController
@RequestMapping("/simulator")
@ConditionalOnProperty(prefix = "mjpki.simulator", name = "enabled", havingValue = "true")
public class SimulatorController {

    private final SimulatedWorld world;
    private final SimulatorProperties properties;

    public SimulatorController(SimulatedWorld world, SimulatorProperties properties) {
        this.world = world;
        this.properties = properties;
    }

    /** Optional device facts; anything left out is an eligible phone. */
    public record IssuanceRequest(String manufacturer, String model, Integer osVersion, String seType, Boolean rooted) {
        DeviceFacts device() {
            DeviceFacts d = DeviceFacts.eligibleDefault();
            return new DeviceFacts(manufacturer != null ? manufacturer : d.manufacturer(), model != null ? model : d.model(),
                    osVersion != null ? osVersion : d.osVersion(), seType != null ? seType : d.seType(),
                    rooted != null && rooted);
        }
    }

    /** A new holder and phone run a whole issuance; answers when it has finished (or after two minutes). */
    @PostMapping("/issuances")
    public ResponseEntity<Map<String, Object>> issue(@RequestBody(required = false) IssuanceRequest request) {
        DeviceFacts device = (request == null ? new IssuanceRequest(null, null, null, null, null) : request).device();
        SimulatedHolder holder = world.newHolder(device);
        ApplicationStatus status = world.app().issue(holder, properties.holderTyping(), Duration.ofMinutes(2));
        return ResponseEntity.status(status.stage().equals("COMPLETED") ? HttpStatus.CREATED : HttpStatus.OK)
                .body(Map.of(
                        "applicationId", status.applicationId(),
                        "seId", holder.phone().seId(),
                        "holderRef", holder.card().holder().holderRef(),
                        "stage", status.stage(),
                        "reason", status.reason() == null ? "" : status.reason(),
                        "phoneInbox", holder.phone().inbox()));
    }

    @GetMapping("/phones/{seId}")
    public ResponseEntity<Map<String, Object>> phone(@PathVariable String seId) {
        return world.fleet().phone(seId)
                .map(p -> ResponseEntity.ok(describe(p)))
                .orElse(ResponseEntity.notFound().build());
    }

    public record Network(boolean online) {}

    /** Takes a phone off the network or brings it back (R12: issuance resumes where it stopped). */
    @PostMapping("/phones/{seId}/network")
    public ResponseEntity<Map<String, Object>> network(@PathVariable String seId, @RequestBody Network network) {
        return world.fleet().phone(seId)
                .map(p -> {
                    p.setOnline(network.online());
                    return ResponseEntity.ok(describe(p));
                })
                .orElse(ResponseEntity.notFound().build());
    }

    private static Map<String, Object> describe(SimulatedPhone phone) {
        return Map.of("seId", phone.seId(), "online", phone.online(), "appletInstalled", phone.appletInstalled(),
                "deletePending", phone.deletePending(), "inbox", phone.inbox(), "device", phone.device());
    }
}
