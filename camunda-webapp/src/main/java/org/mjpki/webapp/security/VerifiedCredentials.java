package org.mjpki.webapp.security;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.Group;
import org.camunda.bpm.engine.identity.Tenant;

/**
 * HTTP Basic credentials that Camunda's identity service verified a moment ago, with the user's groups and
 * tenants. Every call to the engine REST API and the app API carries credentials, and verifying them costs three
 * queries (user, groups, tenants); the workers alone make two calls per step. A success is remembered for
 * {@code ttl}; a failure never is, so a wrong password always meets the identity service (and its lock-out).
 *
 * <p>Neither password nor a plain hash of it is kept: the key is an HMAC under a random key made at start-up that
 * never leaves this object. A changed password or group membership takes effect within {@code ttl}.
 */
public final class VerifiedCredentials {

    /** Beyond this many remembered logins the memory is emptied (a flood of distinct valid logins is not normal). */
    private static final int MOST_REMEMBERED = 10_000;

    public record Verified(String user, List<String> groups, List<String> tenants, long validUntilNanos) {}

    private final Duration ttl;
    private final SecretKeySpec key;
    private final Map<String, Verified> remembered = new ConcurrentHashMap<>();

    public VerifiedCredentials(Duration ttl) {
        if (ttl == null || ttl.isNegative()) {
            throw new IllegalArgumentException("mjpki.security.verified-credentials-ttl must be zero or positive");
        }
        this.ttl = ttl;
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        this.key = new SecretKeySpec(secret, "HmacSHA256");
    }

    /** The user, groups and tenants if {@code password} is the user's; empty otherwise. */
    public Optional<Verified> verify(String user, String password, IdentityService identity) {
        if (user == null || user.isEmpty() || password == null) {
            return Optional.empty();
        }
        String fingerprint = ttl.isZero() ? null : fingerprint(user, password);
        if (fingerprint != null) {
            Verified known = remembered.get(fingerprint);
            if (known != null && known.validUntilNanos() - System.nanoTime() > 0) {
                return Optional.of(known);
            }
        }
        if (!identity.checkPassword(user, password)) {
            return Optional.empty();
        }
        Verified verified = new Verified(user,
                identity.createGroupQuery().groupMember(user).list().stream().map(Group::getId).toList(),
                identity.createTenantQuery().userMember(user).includingGroupsOfUser(true).list().stream()
                        .map(Tenant::getId).toList(),
                System.nanoTime() + ttl.toNanos());
        if (fingerprint != null) {
            if (remembered.size() >= MOST_REMEMBERED) {
                remembered.clear();
            }
            remembered.put(fingerprint, verified);
        }
        return Optional.of(verified);
    }

    private String fingerprint(String user, String password) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            mac.update(user.getBytes(StandardCharsets.UTF_8));
            mac.update((byte) 0);
            return HexFormat.of().formatHex(mac.doFinal(password.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    /**
     * Basic credentials from an Authorization header, or null when there are none or they are malformed. A user name
     * with a control character is malformed: no user has one, and the database refuses to be asked for one (a NUL is
     * not text to PostgreSQL), which would answer a login with a 500.
     */
    public static String[] basic(String header) {
        if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            return null;
        }
        try {
            String pair = new String(java.util.Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
            int colon = pair.indexOf(':');
            if (colon <= 0 || pair.substring(0, colon).chars().anyMatch(Character::isISOControl)) {
                return null;
            }
            return new String[] {pair.substring(0, colon), pair.substring(colon + 1)};
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
