package org.mjpki.serviceprovider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.mjpki.serviceprovider.ReturnUrlCheck.Reason;
import org.mjpki.serviceprovider.ServiceProviderChange.Action;
import org.mjpki.serviceprovider.ServiceProviderConflictException.Conflict;
import org.mjpki.serviceprovider.persistence.ServiceProviderMapper;
import org.mjpki.testsupport.PostgresTestDatabase;
import org.mjpki.testsupport.PostgresTestProperties;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** R17 on real PostgreSQL: a signature goes back only to an exact, current return URL of the app's active provider. */
@SpringBootTest(classes = ServiceProvidersTestApplication.class, properties = "spring.flyway.enabled=false")
class ServiceProvidersTest {

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        PostgresTestProperties.register(PostgresTestDatabase.shared(), registry);
    }

    @Autowired ServiceProviders providers;
    @Autowired JdbcTemplate jdbc;

    /** One provider of a test: its own host and app ids, so that tests sharing the database never meet. */
    private record Bank(String host, String android, String ios, String url) {
        static Bank fresh() {
            String tag = UUID.randomUUID().toString().substring(0, 8);
            String host = "bank-" + tag + ".example";
            return new Bank(host, "jp.example.bank" + tag, "A1B2C3D4E5.jp.example.bank" + tag, "https://" + host + "/jpki/cb");
        }
    }

    private ServiceProviderDetails register(Bank bank) {
        return providers.register("Example Bank " + bank.host(), List.of(bank.android(), bank.ios()), List.of(bank.url()),
                false, "alice");
    }

    private void assertCheck(String appId, String url, Reason reason) {
        ReturnUrlCheck check = providers.check(appId, url);
        assertThat(check.reason()).as("%s for %s", url, appId).isEqualTo(reason);
        assertThat(check.allowed()).isEqualTo(reason == Reason.ALLOWED);
        assertThat(check.urlProblem()).isNull();
    }

    private void assertMalformed(String appId, String url, ReturnUrl.Problem problem) {
        ReturnUrlCheck check = providers.check(appId, url);
        assertThat(check.allowed()).as(url).isFalse();
        assertThat(check.reason()).as(url).isEqualTo(Reason.MALFORMED_URL);
        assertThat(check.urlProblem()).as(url).isEqualTo(problem);
        assertThat(check.message()).contains(problem.explanation());
    }

    @Test
    void onlyTheExactRegisteredUrlPassesForARegisteredApp() {
        Bank bank = Bank.fresh();
        register(bank);
        String base = "https://" + bank.host();

        assertCheck(bank.android(), bank.url(), Reason.ALLOWED);
        assertCheck(bank.ios(), bank.url(), Reason.ALLOWED);
        for (String near : List.of(
                base + "/jpki/cc",                                   // one character
                base + "/jpki/c",                                    // one character fewer
                base + "/jpki/cbx",                                  // one more
                base + "/jpki/cb/",                                  // trailing slash
                base + "/jpki/CB",                                   // case of the path
                base + "/JPKI/cb",
                base + ":443/jpki/cb",                               // the default port, written
                base + ":8443/jpki/cb",                              // another port
                base + "/jpki/cb?x=1",                               // a query
                base + "/jpki/cb/more",                              // below it
                base + "/jpki",                                      // above it
                "https://www." + bank.host() + "/jpki/cb",           // a subdomain
                "https://" + bank.host() + ".evil.example/jpki/cb",  // a suffix
                "https://evil.example/https:/" + bank.host() + "/jpki/cb")) {
            assertCheck(bank.android(), near, Reason.NOT_REGISTERED);
        }
        assertMalformed(bank.android(), "https://" + bank.host() + "@evil.example/jpki/cb", ReturnUrl.Problem.USERINFO);
        assertMalformed(bank.android(), "https://" + bank.host().toUpperCase() + "/jpki/cb", ReturnUrl.Problem.HOST_NOT_LOWERCASE);
        assertMalformed(bank.android(), "https://" + bank.host() + "./jpki/cb", ReturnUrl.Problem.TRAILING_DOT);
        assertMalformed(bank.android(), "http://" + bank.host() + "/jpki/cb", ReturnUrl.Problem.NOT_HTTPS);
        assertMalformed(bank.android(), base + "/jpki/x/../cb", ReturnUrl.Problem.DOT_SEGMENT);
        assertMalformed(bank.android(), base + "/jpki/cb#frag", ReturnUrl.Problem.FRAGMENT);
        assertMalformed(bank.android(), bank.url() + "\r\n", ReturnUrl.Problem.WHITESPACE_OR_CONTROL);
        assertMalformed(bank.android(), null, ReturnUrl.Problem.MISSING);

        assertCheck("jp.example.unknown" + bank.host().substring(5, 13), bank.url(), Reason.UNKNOWN_APP);
        assertCheck(bank.android().toUpperCase(), bank.url(), Reason.UNKNOWN_APP);
        assertCheck(null, bank.url(), Reason.MALFORMED_APP_ID);
        assertCheck("", bank.url(), Reason.MALFORMED_APP_ID);
        assertCheck("jp.example bank", bank.url(), Reason.MALFORMED_APP_ID);
        assertCheck("x".repeat(AppId.MAX_LENGTH + 1), bank.url(), Reason.MALFORMED_APP_ID);
    }

    @Test
    void aQueryOrAnExplicitPortPassesOnlyWhenRegisteredAsWritten() {
        Bank bank = Bank.fresh();
        String id = register(bank).serviceProviderId();
        String withQuery = bank.url() + "?lang=ja&v=2";
        String withPort = "https://" + bank.host() + ":443/jpki/cb";
        assertCheck(bank.android(), withQuery, Reason.NOT_REGISTERED);

        providers.addReturnUrl(id, withQuery, false, "alice");
        providers.addReturnUrl(id, withPort, false, "alice");
        assertCheck(bank.android(), withQuery, Reason.ALLOWED);
        assertCheck(bank.android(), withPort, Reason.ALLOWED);
        assertCheck(bank.android(), bank.url(), Reason.ALLOWED);
        assertCheck(bank.android(), bank.url() + "?v=2&lang=ja", Reason.NOT_REGISTERED);
        assertCheck(bank.android(), bank.url() + "?lang=ja", Reason.NOT_REGISTERED);
        assertCheck(bank.android(), "https://" + bank.host() + ":443/jpki/cb?lang=ja&v=2", Reason.NOT_REGISTERED);
    }

    @Test
    void aWithdrawnUrlFailsAndItsHistoryStays() {
        Bank bank = Bank.fresh();
        ServiceProviderDetails registered = register(bank);
        String id = registered.serviceProviderId();
        String other = "https://" + bank.host() + "/jpki/other";
        providers.addReturnUrl(id, other, false, "alice");
        String urlId = registered.returnUrls().get(0).returnUrlId();

        ServiceProviderDetails withdrawn = providers.withdrawReturnUrl(id, urlId, "bob");

        assertCheck(bank.android(), bank.url(), Reason.URL_WITHDRAWN);
        assertCheck(bank.android(), other, Reason.ALLOWED);
        assertThat(withdrawn.returnUrls()).filteredOn(u -> u.returnUrlId().equals(urlId)).singleElement()
                .satisfies(u -> assertThat(u.withdrawnAt()).isNotNull().isAfterOrEqualTo(u.registeredAt()));
        assertThatThrownBy(() -> providers.withdrawReturnUrl(id, urlId, "bob"))
                .isInstanceOfSatisfying(ServiceProviderConflictException.class,
                        e -> assertThat(e.conflict()).isEqualTo(Conflict.RETURN_URL_ALREADY_WITHDRAWN));

        // registered again: a new row, the withdrawn one stays
        ServiceProviderDetails again = providers.addReturnUrl(id, bank.url(), false, "alice");
        assertCheck(bank.android(), bank.url(), Reason.ALLOWED);
        assertThat(again.returnUrls()).filteredOn(u -> u.url().equals(bank.url())).hasSize(2)
                .extracting(RegisteredReturnUrl::current).containsExactly(false, true);
    }

    @Test
    void aWithdrawnProviderFailsForAllItsAppsAndTakesNoFurtherChange() {
        Bank bank = Bank.fresh();
        String id = register(bank).serviceProviderId();

        ServiceProviderDetails withdrawn = providers.withdraw(id, "bob");

        assertThat(withdrawn.status()).isEqualTo(ServiceProviderStatus.WITHDRAWN);
        assertCheck(bank.android(), bank.url(), Reason.PROVIDER_WITHDRAWN);
        assertCheck(bank.ios(), bank.url(), Reason.PROVIDER_WITHDRAWN);
        String urlId = withdrawn.returnUrls().get(0).returnUrlId();
        for (Runnable change : List.<Runnable>of(
                () -> providers.withdraw(id, "bob"),
                () -> providers.addApp(id, "jp.example.late" + bank.host().substring(5, 13), "bob"),
                () -> providers.addReturnUrl(id, "https://" + bank.host() + "/late", false, "bob"),
                () -> providers.withdrawReturnUrl(id, urlId, "bob"))) {
            assertThatThrownBy(change::run).isInstanceOfSatisfying(ServiceProviderConflictException.class,
                    e -> assertThat(e.conflict()).isEqualTo(Conflict.PROVIDER_WITHDRAWN));
        }
        assertThat(providers.details(id).changes()).extracting(ServiceProviderChange::action).containsExactly(
                Action.PROVIDER_REGISTERED, Action.APP_ADDED, Action.APP_ADDED, Action.RETURN_URL_ADDED,
                Action.PROVIDER_WITHDRAWN);
        assertThat(providers.list()).filteredOn(p -> p.serviceProviderId().equals(id)).singleElement()
                .extracting(ServiceProvider::status).isEqualTo(ServiceProviderStatus.WITHDRAWN);
    }

    @Test
    void anotherProvidersAppCannotUseThisProvidersUrl() {
        Bank bank = Bank.fresh();
        Bank other = Bank.fresh();
        register(bank);
        register(other);
        assertCheck(other.android(), bank.url(), Reason.NOT_REGISTERED);
        assertCheck(bank.android(), other.url(), Reason.NOT_REGISTERED);
        assertCheck(other.android(), other.url(), Reason.ALLOWED);
        // and an app belongs to one provider
        String otherId = providers.list().stream().filter(p -> p.name().endsWith(other.host())).findFirst().orElseThrow()
                .serviceProviderId();
        assertThatThrownBy(() -> providers.addApp(otherId, bank.android(), "alice"))
                .isInstanceOfSatisfying(ServiceProviderConflictException.class,
                        e -> assertThat(e.conflict()).isEqualTo(Conflict.APP_ALREADY_REGISTERED));
        assertCheck(bank.android(), other.url(), Reason.NOT_REGISTERED);
    }

    @Test
    void everyChangeIsAuditedWithItsOperatorAndDetail() {
        Bank bank = Bank.fresh();
        ServiceProviderDetails registered = register(bank);
        String id = registered.serviceProviderId();
        String extraApp = "jp.example.extra" + bank.host().substring(5, 13);
        String extraUrl = "https://" + bank.host() + "/jpki/extra";
        providers.addApp(id, extraApp, "carol");
        providers.addReturnUrl(id, extraUrl, false, "carol");
        providers.withdrawReturnUrl(id, registered.returnUrls().get(0).returnUrlId(), "dave");
        ServiceProviderDetails details = providers.withdraw(id, "erin");

        List<ServiceProviderChange> changes = details.changes();
        assertThat(changes).extracting(ServiceProviderChange::action).containsExactly(
                Action.PROVIDER_REGISTERED, Action.APP_ADDED, Action.APP_ADDED, Action.RETURN_URL_ADDED,
                Action.APP_ADDED, Action.RETURN_URL_ADDED, Action.RETURN_URL_WITHDRAWN, Action.PROVIDER_WITHDRAWN);
        assertThat(changes).extracting(ServiceProviderChange::operatorUserId).containsExactly(
                "alice", "alice", "alice", "alice", "carol", "carol", "dave", "erin");
        assertThat(changes).extracting(ServiceProviderChange::subject).containsExactly(
                "Example Bank " + bank.host(), bank.android(), bank.ios(), bank.url(), extraApp, extraUrl, bank.url(),
                "Example Bank " + bank.host());
        assertThat(changes).extracting(c -> c.before() + " -> " + c.after()).containsExactly(
                "null -> ACTIVE", "null -> REGISTERED", "null -> REGISTERED", "null -> CURRENT", "null -> REGISTERED",
                "null -> CURRENT", "CURRENT -> WITHDRAWN", "ACTIVE -> WITHDRAWN");
        assertThat(changes).allSatisfy(c -> {
            assertThat(c.serviceProviderId()).isEqualTo(id);
            assertThat(c.detail()).isNotBlank();
            assertThat(c.changedAt()).isNotNull().isBeforeOrEqualTo(details.updatedAt());
        });
        assertThat(changes.get(3).detail()).contains(registered.returnUrls().get(0).returnUrlId());
        assertThat(changes).extracting(ServiceProviderChange::changeId).isSorted().doesNotHaveDuplicates();
        assertThat(details.updatedAt()).isAfterOrEqualTo(details.createdAt());
        // the rows in the table are the rows shown
        assertThat(jdbc.queryForObject("SELECT count(*) FROM service_provider.service_provider_change WHERE service_provider_id = ?",
                Long.class, id)).isEqualTo(8L);
    }

    @Test
    void badInputIsRefusedAndChangesNothing() {
        Bank bank = Bank.fresh();
        Bank taken = Bank.fresh();
        String takenId = register(taken).serviceProviderId();
        Map<String, Long> before = counts();

        List<Runnable> refused = List.of(
                () -> providers.register(null, List.of(), List.of(), false, "alice"),
                () -> providers.register("", List.of(), List.of(), false, "alice"),
                () -> providers.register(" \t ", List.of(bank.android()), List.of(bank.url()), false, "alice"),
                () -> providers.register("x".repeat(ServiceProviders.MAX_NAME_LENGTH + 1), List.of(), List.of(), false, "alice"),
                () -> providers.register("Bank\u0000", List.of(), List.of(), false, "alice"),
                () -> providers.register("Example Bank", List.of(bank.android()), List.of(bank.url(),
                        "https://" + bank.host() + "@evil.example/cb"), false, "alice"),
                () -> providers.register("Example Bank", List.of(bank.android()), List.of("http://" + bank.host() + "/cb"),
                        false, "alice"),
                () -> providers.register("Example Bank", List.of(bank.android(), "not an app"), List.of(bank.url()), false, "alice"),
                () -> providers.register("Example Bank", List.of(bank.android(), bank.android()), List.of(), false, "alice"),
                () -> providers.register("Example Bank", List.of(), List.of(bank.url(), bank.url()), false, "alice"),
                () -> providers.register("Example Bank", List.of(bank.android()), List.of(bank.url()), false, ""),
                () -> providers.register("Example Bank", List.of(bank.android()), List.of(bank.url()), false, null),
                () -> providers.register("Example Bank", List.of(bank.android()), List.of(bank.url()), false, "x".repeat(65)),
                // the second app is another provider's: the provider and the first app are not written either
                () -> providers.register("Example Bank", List.of(bank.android(), taken.android()), List.of(bank.url()), false, "alice"),
                () -> providers.addReturnUrl(takenId, "https://" + taken.host() + "/cb/../admin", false, "alice"),
                () -> providers.addReturnUrl(takenId, "https://" + taken.host() + "/cb\\..\\admin", false, "alice"),
                () -> providers.addReturnUrl(takenId, taken.url(), false, "alice"),
                () -> providers.addApp(takenId, "", "alice"),
                () -> providers.addApp(takenId, taken.ios(), "alice"),
                () -> providers.addApp("sp-" + UUID.randomUUID(), bank.android(), "alice"),
                () -> providers.addApp("not-an-id", bank.android(), "alice"),
                () -> providers.addReturnUrl("sp-" + UUID.randomUUID(), bank.url(), false, "alice"),
                () -> providers.withdrawReturnUrl(takenId, "url-" + UUID.randomUUID(), "alice"),
                () -> providers.withdrawReturnUrl(takenId, "../x", "alice"),
                () -> providers.withdraw("sp-" + UUID.randomUUID(), "alice"));
        for (int i = 0; i < refused.size(); i++) {
            assertThatThrownBy(refused.get(i)::run).as("refusal %d", i).isInstanceOfAny(
                    InvalidServiceProviderInputException.class, MalformedReturnUrlException.class,
                    ServiceProviderConflictException.class, UnknownServiceProviderException.class);
        }

        assertThat(counts()).isEqualTo(before);
        assertCheck(bank.android(), bank.url(), Reason.UNKNOWN_APP);
        assertThat(providers.details(takenId).changes()).hasSize(4);
    }

    @Test
    void aMalformedUrlAtRegistrationSaysWhichAndWhy() {
        Bank bank = Bank.fresh();
        assertThatThrownBy(() -> providers.register("Example Bank", List.of(bank.android()),
                List.of(bank.url(), "https://" + bank.host() + ":0443/cb"), false, "alice"))
                .isInstanceOfSatisfying(MalformedReturnUrlException.class, e -> {
                    assertThat(e.problem()).isEqualTo(ReturnUrl.Problem.PORT_INVALID);
                    assertThat(e.getMessage()).startsWith("return URL 2: ");
                });
        assertThatThrownBy(() -> providers.register(" ", List.of(), List.of(), false, "alice"))
                .isInstanceOf(InvalidServiceProviderInputException.class).hasMessageContaining("name");
    }

    @Test
    void aPunycodeHostPassesOnlyWhenAnOperatorRegisteredItExactlyAndConfirmed() {
        Bank bank = Bank.fresh();
        String id = register(bank).serviceProviderId();
        String idn = "https://xn--gd-9kca" + bank.host().substring(5, 13) + ".example/cb";

        assertThatThrownBy(() -> providers.addReturnUrl(id, idn, false, "alice"))
                .isInstanceOfSatisfying(MalformedReturnUrlException.class,
                        e -> assertThat(e.problem()).isEqualTo(ReturnUrl.Problem.PUNYCODE_HOST));
        assertMalformed(bank.android(), idn, ReturnUrl.Problem.PUNYCODE_HOST);

        ServiceProviderDetails details = providers.addReturnUrl(id, idn, true, "alice");

        assertCheck(bank.android(), idn, Reason.ALLOWED);
        assertMalformed(bank.android(), idn.replace("/cb", "/cc"), ReturnUrl.Problem.PUNYCODE_HOST);
        assertThat(details.changes()).last().satisfies(c -> {
            assertThat(c.action()).isEqualTo(Action.RETURN_URL_ADDED);
            assertThat(c.detail()).contains("confirmed by the operator");
        });
    }

    @Test
    void aUrlIsCurrentOnceEvenUnderConcurrentRegistrations() throws Exception {
        Bank bank = Bank.fresh();
        String id = providers.register("Example Bank " + bank.host(), List.of(bank.android()), List.of(), false, "alice")
                .serviceProviderId();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<Boolean>> results = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            results.add(pool.submit((Callable<Boolean>) () -> {
                try {
                    providers.addReturnUrl(id, bank.url(), false, "alice");
                    return true;
                } catch (ServiceProviderConflictException e) {
                    return false;
                }
            }));
        }
        int added = 0;
        for (Future<Boolean> result : results) {
            added += result.get() ? 1 : 0;
        }
        pool.shutdown();
        assertThat(added).isEqualTo(1);
        assertThat(providers.details(id).returnUrls()).hasSize(1);
        assertThat(providers.details(id).changes()).filteredOn(c -> c.action() == Action.RETURN_URL_ADDED).hasSize(1);
    }

    @Test
    void theDatabaseItselfKeepsTheHistoryAndOneCurrentRowPerUrl() {
        Bank bank = Bank.fresh();
        ServiceProviderDetails registered = register(bank);
        String id = registered.serviceProviderId();
        // bypass the use case: the database, not the code, must refuse these
        for (String sql : List.of(
                "DELETE FROM service_provider.service_provider_change WHERE service_provider_id = ?",
                "UPDATE service_provider.service_provider_change SET operator_user_id = 'mallory' WHERE service_provider_id = ?",
                "DELETE FROM service_provider.return_url WHERE service_provider_id = ?",
                "DELETE FROM service_provider.service_provider_app WHERE service_provider_id = ?",
                "UPDATE service_provider.service_provider_app SET service_provider_id = service_provider_id WHERE service_provider_id = ?",
                "DELETE FROM service_provider.service_provider WHERE service_provider_id = ?")) {
            assertThatThrownBy(() -> jdbc.update(sql, id)).as(sql).isInstanceOf(DataAccessException.class)
                    .hasMessageContaining("keeps its history");
        }
        assertThatThrownBy(() -> jdbc.update("INSERT INTO service_provider.return_url (return_url_id, service_provider_id, url, "
                + "registered_at) VALUES (?, ?, ?, now())", "url-" + UUID.randomUUID(), id, bank.url()))
                .isInstanceOf(DuplicateKeyException.class);
        assertThatThrownBy(() -> jdbc.update("INSERT INTO service_provider.return_url (return_url_id, service_provider_id, url, "
                + "registered_at) VALUES (?, ?, ?, now())", "url-" + UUID.randomUUID(), id, "http://" + bank.host() + "/cb"))
                .isInstanceOf(DataAccessException.class).hasMessageContaining("return_url_https");
        assertThat(providers.details(id)).isEqualTo(registered);
    }

    /** The mapper has no way to delete: history is never deleted. */
    @Test
    void theMapperCannotDelete() {
        assertThat(Arrays.stream(ServiceProviderMapper.class.getMethods()))
                .noneMatch(m -> m.isAnnotationPresent(org.apache.ibatis.annotations.Delete.class))
                .noneMatch(m -> m.isAnnotationPresent(org.apache.ibatis.annotations.DeleteProvider.class));
    }

    private Map<String, Long> counts() {
        Map<String, Long> counts = new java.util.LinkedHashMap<>();
        for (String table : List.of("service_provider", "service_provider_app", "return_url", "service_provider_change")) {
            counts.put(table, jdbc.queryForObject("SELECT count(*) FROM service_provider." + table, Long.class));
        }
        return counts;
    }
}
