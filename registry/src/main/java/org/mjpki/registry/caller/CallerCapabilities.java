package org.mjpki.registry.caller;

import java.util.Objects;
import java.util.Optional;
import org.mjpki.registry.HolderRequest;
import org.mjpki.registry.persistence.CallerCapabilityMapper;

/**
 * Which app instance may read and drive an operation (issue 15, ADR 0026): the SHA-256 of the capability the server
 * handed the app instance that started it, kept on the operation's own row (an application, or a holder's request:
 * revocation, hold release, lock release, signing re-registration). A credential set belongs to the app instance of
 * the application that made it. The capability itself is never stored.
 */
public class CallerCapabilities {

    /** What an app can address by id. */
    public enum Operation {
        APPLICATION(null),
        CREDENTIAL_SET(null),
        REVOCATION(HolderRequest.Kind.REVOCATION),
        HOLD_RELEASE(HolderRequest.Kind.HOLD_RELEASE),
        LOCK_RELEASE(HolderRequest.Kind.LOCK_RELEASE),
        SIGNING_REREGISTRATION(HolderRequest.Kind.SIGNING_REREGISTRATION);

        private final HolderRequest.Kind request;

        Operation(HolderRequest.Kind request) {
            this.request = request;
        }
    }

    private final CallerCapabilityMapper mapper;

    public CallerCapabilities(CallerCapabilityMapper mapper) {
        this.mapper = mapper;
    }

    /**
     * Binds a just-recorded application or holder's request to its caller, in the caller's transaction. Binding is
     * once: a row bound already, or one that does not exist, is an error of the caller's, not a second chance.
     */
    public void bind(Operation operation, String id, String sha256) {
        requireSha256(sha256);
        int bound = switch (operation) {
            case APPLICATION -> mapper.bindApplication(id, sha256);
            case CREDENTIAL_SET -> throw new IllegalArgumentException("a set belongs to the caller of its application");
            default -> mapper.bindHolderRequest(id, sha256);
        };
        if (bound != 1) {
            throw new IllegalStateException(operation + " " + id + " is not recorded or is bound already");
        }
    }

    /** The SHA-256 of the capability that reaches the operation; empty when there is no such operation or none reaches it. */
    public Optional<String> of(Operation operation, String id) {
        Objects.requireNonNull(id, "id");
        return Optional.ofNullable(switch (operation) {
            case APPLICATION -> mapper.findOfApplication(id);
            case CREDENTIAL_SET -> mapper.findOfCredentialSet(id);
            default -> mapper.findOfHolderRequest(id, operation.request.name());
        });
    }

    /**
     * The operation this caller already started with the same signed document (same kind, same nonce): a start sent
     * again after its answer was lost. Empty when there is none — or another caller sent it, which stays a replay.
     */
    public Optional<String> startedBefore(Operation operation, String id, String nonce, String sha256) {
        requireSha256(sha256);
        return Optional.ofNullable(switch (operation) {
            case APPLICATION -> mapper.findApplicationStartedBy(id, nonce, sha256);
            case CREDENTIAL_SET -> throw new IllegalArgumentException("a set is not started: its application is");
            default -> mapper.findHolderRequestStartedBy(operation.request.name(), nonce, sha256);
        });
    }

    private static void requireSha256(String sha256) {
        if (sha256 == null || !sha256.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("a capability is bound by its SHA-256 in lowercase hex");
        }
    }
}
