package org.mjpki.serviceprovider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.mjpki.serviceprovider.ReturnUrlCheck.Reason;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

/** The use case itself on the embedded database, as the demo server runs it. */
@SpringBootTest(classes = ServiceProvidersTestApplication.class, properties = {
        "spring.flyway.enabled=false",
        "spring.datasource.url=jdbc:h2:mem:sp-use-case;DB_CLOSE_DELAY=-1",
        "spring.datasource.driver-class-name=org.h2.Driver",
        "spring.datasource.username=sa",
        "spring.datasource.password="})
class ServiceProvidersOnH2Test {

    @Autowired ServiceProviders providers;

    @Test
    void registersChecksWithdrawsAndAudits() {
        ServiceProviderDetails registered = providers.register("Example Bank", List.of("jp.example.bank"),
                List.of("https://bank.example/cb"), false, "alice");
        String id = registered.serviceProviderId();
        assertThat(providers.check("jp.example.bank", "https://bank.example/cb").reason()).isEqualTo(Reason.ALLOWED);
        assertThat(providers.check("jp.example.bank", "https://bank.example/cb/").reason()).isEqualTo(Reason.NOT_REGISTERED);
        assertThat(providers.check("jp.example.bank", "https://bank.example:443/cb").reason()).isEqualTo(Reason.NOT_REGISTERED);
        assertThatThrownBy(() -> providers.addReturnUrl(id, "https://bank.example/cb", false, "alice"))
                .isInstanceOf(ServiceProviderConflictException.class);

        providers.withdrawReturnUrl(id, registered.returnUrls().get(0).returnUrlId(), "bob");
        assertThat(providers.check("jp.example.bank", "https://bank.example/cb").reason()).isEqualTo(Reason.URL_WITHDRAWN);
        providers.addReturnUrl(id, "https://bank.example/cb", false, "alice");
        assertThat(providers.check("jp.example.bank", "https://bank.example/cb").reason()).isEqualTo(Reason.ALLOWED);
        ServiceProviderDetails withdrawn = providers.withdraw(id, "bob");

        assertThat(providers.check("jp.example.bank", "https://bank.example/cb").reason()).isEqualTo(Reason.PROVIDER_WITHDRAWN);
        assertThat(withdrawn.changes()).extracting(ServiceProviderChange::operatorUserId)
                .containsExactly("alice", "alice", "alice", "bob", "alice", "bob");
        assertThat(withdrawn.returnUrls()).hasSize(2);
    }
}
