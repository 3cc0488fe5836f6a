package org.mjpki.webapp.linked;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** The operator API of the linked-revocation sweep (operators only, {@code /operator}). Thin: the work is in {@link LinkedRevocationSweeps}. */
@RestController
public class LinkedRevocationSweepController {

    private final LinkedRevocationSweeps sweeps;

    public LinkedRevocationSweepController(LinkedRevocationSweeps sweeps) {
        this.sweeps = sweeps;
    }

    /** {@code dryRun} true: report what would be revoked, revoke nothing. */
    public record SweepRequest(Boolean dryRun) {}

    public record Decision(String decision) {}

    @PostMapping("/operator/linked-revocation-sweeps")
    @ResponseStatus(HttpStatus.CREATED)
    public LinkedRevocationSweeps.SweepStatus request(@RequestBody(required = false) SweepRequest body) {
        return sweeps.request(body != null && Boolean.TRUE.equals(body.dryRun()));
    }

    @GetMapping("/operator/linked-revocation-sweeps/{sweepId}")
    public LinkedRevocationSweeps.SweepStatus status(@PathVariable String sweepId) {
        return sweeps.status(sweepId);
    }

    @PostMapping("/operator/linked-revocation-sweeps/{sweepId}/decision")
    public LinkedRevocationSweeps.SweepStatus decide(@PathVariable String sweepId, @RequestBody(required = false) Decision body) {
        return sweeps.decide(sweepId, body == null ? null : body.decision());
    }
}
