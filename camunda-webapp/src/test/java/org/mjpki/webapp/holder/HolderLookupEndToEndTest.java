package org.mjpki.webapp.holder;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mjpki.ca.Holder;
import org.mjpki.lifecycle.holder.HolderFactsDigest;
import org.mjpki.registry.CredentialSet;
import org.mjpki.simulator.app.SimulatedHolder;
import org.mjpki.webapp.issuance.EndToEndOnPostgres;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The foundation of the call center's look-up (R10, ADR 0018), on PostgreSQL: verifying an application records a keyed
 * digest of the four facts its card certificate states, so the holder's live set is found from the facts as a caller
 * spells them out, while the registry keeps no fact in any column.
 */
class HolderLookupEndToEndTest extends EndToEndOnPostgres {

    @Autowired HolderFactsDigest digest;

    private String digestOf(Holder facts) {
        return digest.of(facts.name(), facts.birthDate(), facts.sex(), facts.address());
    }

    @Test
    void anIssuedHoldersSetIsFoundByTheFactsOnTheCardAndNothingElse() {
        SimulatedHolder holder = newHolder();
        assertThat(world.app().issue(holder, DEADLINE).stage()).isEqualTo("COMPLETED");
        SimulatedHolder other = newHolder();
        assertThat(world.app().issue(other, DEADLINE).stage()).isEqualTo("COMPLETED");
        Holder facts = holder.card().holder();

        List<CredentialSet> found = registry.liveSetsOfHolderFacts(digestOf(facts));
        assertThat(found).extracting(CredentialSet::credentialSetId).containsExactly(holder.credentialSetId().orElseThrow());
        // as a caller spells it out: spaces and full-width digits make no difference
        String spoken = facts.address().replace("1", "１").replace("-", "－");
        assertThat(registry.liveSetsOfHolderFacts(digest.of(facts.name() + "　", facts.birthDate(), facts.sex(), spoken)))
                .hasSize(1);
        // one fact wrong: nobody
        assertThat(registry.liveSetsOfHolderFacts(digest.of(facts.name(), facts.birthDate().plusDays(1), facts.sex(),
                facts.address()))).isEmpty();
        assertThat(registry.liveSetsOfHolderFacts(digestOf(other.card().holder())))
                .extracting(CredentialSet::credentialSetId).containsExactly(other.credentialSetId().orElseThrow());

        // the look-up table holds the holder reference and a digest, never a fact
        List<Map<String, Object>> rows = sql().queryForList("SELECT * FROM registry.holder_lookup WHERE holder_ref = ?",
                facts.holderRef());
        assertThat(rows).singleElement().satisfies(row -> {
            assertThat(row.keySet()).containsExactlyInAnyOrder("holder_ref", "facts_digest", "recorded_at");
            assertThat(row.values().toString()).doesNotContain(facts.name(), facts.address(), facts.birthDate().toString());
        });
    }
}
