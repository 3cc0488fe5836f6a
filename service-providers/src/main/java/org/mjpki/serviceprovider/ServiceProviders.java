package org.mjpki.serviceprovider;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.mjpki.serviceprovider.ServiceProviderChange.Action;
import org.mjpki.serviceprovider.ServiceProviderConflictException.Conflict;
import org.mjpki.serviceprovider.persistence.ServiceProviderMapper;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * R17, the whitelist of return URLs: operators register the service providers that J-LIS approved, their apps and their
 * exact return URLs, and withdraw URLs and providers; the Mynaportal app asks {@link #check} before it sends a signature
 * back. Every change is validated in full before anything is written, and is written with its audit row (the
 * operator's user id, when, what, before and after) in one transaction; nothing is ever deleted.
 */
public class ServiceProviders {

    public static final int MAX_NAME_LENGTH = 200;
    public static final int MAX_OPERATOR_LENGTH = 64;
    private static final Pattern PROVIDER_ID = Pattern.compile("sp-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    private static final Pattern RETURN_URL_ID = Pattern.compile("url-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    // the states an audit row names (before / after)
    static final String ACTIVE = ServiceProviderStatus.ACTIVE.name();
    static final String WITHDRAWN = ServiceProviderStatus.WITHDRAWN.name();
    static final String REGISTERED = "REGISTERED";
    static final String CURRENT = "CURRENT";

    private final ServiceProviderMapper mapper;
    private final TransactionTemplate transactions;
    private final Clock clock;

    public ServiceProviders(ServiceProviderMapper mapper, PlatformTransactionManager transactionManager, Clock clock) {
        this.mapper = mapper;
        this.transactions = new TransactionTemplate(transactionManager);
        this.clock = clock;
    }

    // ------------------------------------------------------------------ the app's question

    /**
     * Whether a signature may go back to {@code returnUrl} for the app {@code appId}: only when the app is registered
     * for an active provider and the text is exactly a current return URL of that provider. Never throws for what the
     * caller sent: a malformed URL or app id is an answer.
     */
    public ReturnUrlCheck check(String appId, String returnUrl) {
        ReturnUrl url;
        try {
            // an IDN host is looked for among the registered URLs; unless one equals it, it is refused as such below
            url = ReturnUrl.parse(returnUrl, true);
        } catch (MalformedReturnUrlException e) {
            return ReturnUrlCheck.malformed(e.problem());
        }
        if (!AppId.isWellFormed(appId)) {
            return ReturnUrlCheck.of(ReturnUrlCheck.Reason.MALFORMED_APP_ID);
        }
        ServiceProvider provider = mapper.providerOfApp(appId);
        if (provider == null) {
            return ReturnUrlCheck.of(ReturnUrlCheck.Reason.UNKNOWN_APP);
        }
        if (provider.status() != ServiceProviderStatus.ACTIVE) {
            return ReturnUrlCheck.of(ReturnUrlCheck.Reason.PROVIDER_WITHDRAWN);
        }
        // exact text, compared here as well: no collation of the database decides what "equal" means
        List<RegisteredReturnUrl> registrations = mapper.registrationsOf(provider.serviceProviderId(), url.value()).stream()
                .filter(r -> r.url().equals(url.value())).toList();
        if (registrations.stream().anyMatch(RegisteredReturnUrl::current)) {
            return ReturnUrlCheck.of(ReturnUrlCheck.Reason.ALLOWED);
        }
        if (!registrations.isEmpty()) {
            return ReturnUrlCheck.of(ReturnUrlCheck.Reason.URL_WITHDRAWN);
        }
        return url.punycodeHost() ? ReturnUrlCheck.malformed(ReturnUrl.Problem.PUNYCODE_HOST)
                : ReturnUrlCheck.of(ReturnUrlCheck.Reason.NOT_REGISTERED);
    }

    // ------------------------------------------------------------------ the operators' changes

    /**
     * Registers a service provider with its first apps and return URLs (either list may be empty), all or nothing.
     *
     * @param punycodeHostsConfirmed the operator confirms the IDN ({@code xn--}) hosts among the URLs
     * @throws InvalidServiceProviderInputException for a blank or overlong name, a malformed app id, an entry given twice
     * @throws MalformedReturnUrlException          for a URL that is not canonical
     * @throws ServiceProviderConflictException     for an app registered already
     */
    public ServiceProviderDetails register(String name, List<String> appIds, List<String> returnUrls,
                                           boolean punycodeHostsConfirmed, String operator) {
        String who = operator(operator);
        String providerName = name(name);
        List<AppId> apps = distinct(appIds, "app id", AppId::new);
        List<ReturnUrl> urls = new ArrayList<>();
        List<String> texts = returnUrls == null ? List.of() : returnUrls;
        for (int i = 0; i < texts.size(); i++) {
            urls.add(returnUrl(texts.get(i), punycodeHostsConfirmed, texts.size() == 1 ? "the return URL" : "return URL " + (i + 1)));
        }
        distinct(urls.stream().map(ReturnUrl::value).toList(), "return URL", text -> text);
        String id = "sp-" + UUID.randomUUID();
        return inTransaction(() -> {
            Instant now = now();
            mapper.insertProvider(id, providerName, now);
            audit(id, who, now, Action.PROVIDER_REGISTERED, providerName, null, ACTIVE, "service provider registered");
            for (AppId app : apps) {
                insertApp(id, app, who, now);
            }
            for (ReturnUrl url : urls) {
                insertReturnUrl(id, url, who, now);
            }
            return details(id);
        });
    }

    /** Adds an app to an active provider; an app belongs to one provider. */
    public ServiceProviderDetails addApp(String serviceProviderId, String appId, String operator) {
        String who = operator(operator);
        String id = providerId(serviceProviderId);
        AppId app = new AppId(appId);
        return inTransaction(() -> {
            Instant now = now();
            activeProvider(id);
            insertApp(id, app, who, now);
            mapper.touchProvider(id, now);
            return details(id);
        });
    }

    /**
     * Adds a return URL to an active provider, exactly as written (it must be canonical).
     *
     * @param punycodeHostConfirmed the operator confirms the URL's IDN ({@code xn--}) host
     */
    public ServiceProviderDetails addReturnUrl(String serviceProviderId, String returnUrl, boolean punycodeHostConfirmed,
                                               String operator) {
        String who = operator(operator);
        String id = providerId(serviceProviderId);
        ReturnUrl url = returnUrl(returnUrl, punycodeHostConfirmed, "the return URL");
        return inTransaction(() -> {
            Instant now = now();
            activeProvider(id);
            insertReturnUrl(id, url, who, now);
            mapper.touchProvider(id, now);
            return details(id);
        });
    }

    /** Withdraws a current return URL of an active provider: from now on no signature goes back to it. */
    public ServiceProviderDetails withdrawReturnUrl(String serviceProviderId, String returnUrlId, String operator) {
        String who = operator(operator);
        String id = providerId(serviceProviderId);
        if (returnUrlId == null || !RETURN_URL_ID.matcher(returnUrlId).matches()) {
            throw new UnknownServiceProviderException("no such return URL");
        }
        return inTransaction(() -> {
            Instant now = now();
            activeProvider(id);
            RegisteredReturnUrl url = mapper.findReturnUrl(id, returnUrlId);
            if (url == null) {
                throw new UnknownServiceProviderException("no such return URL of this service provider");
            }
            if (!url.current() || mapper.withdrawReturnUrl(id, returnUrlId, now) != 1) {
                throw new ServiceProviderConflictException(Conflict.RETURN_URL_ALREADY_WITHDRAWN, "the return URL was withdrawn already");
            }
            mapper.touchProvider(id, now);
            audit(id, who, now, Action.RETURN_URL_WITHDRAWN, url.url(), CURRENT, WITHDRAWN,
                    "return URL " + returnUrlId + " withdrawn");
            return details(id);
        });
    }

    /** Withdraws a provider, finally: none of its apps passes a check any more, and it takes no further change. */
    public ServiceProviderDetails withdraw(String serviceProviderId, String operator) {
        String who = operator(operator);
        String id = providerId(serviceProviderId);
        return inTransaction(() -> {
            Instant now = now();
            ServiceProvider provider = activeProvider(id);
            if (mapper.withdrawProvider(id, now) != 1) {
                throw withdrawn();
            }
            audit(id, who, now, Action.PROVIDER_WITHDRAWN, provider.name(), ACTIVE, WITHDRAWN,
                    "service provider withdrawn: none of its apps passes a check any more");
            return details(id);
        });
    }

    // ------------------------------------------------------------------ reading

    /** Every provider, active and withdrawn, in the order they were registered. */
    public List<ServiceProvider> list() {
        return mapper.listProviders();
    }

    /** A provider with its apps, return URLs and audit trail. */
    public ServiceProviderDetails details(String serviceProviderId) {
        String id = providerId(serviceProviderId);
        ServiceProvider provider = mapper.findProvider(id);
        if (provider == null) {
            throw new UnknownServiceProviderException("no such service provider");
        }
        return new ServiceProviderDetails(provider.serviceProviderId(), provider.name(), provider.status(),
                provider.createdAt(), provider.updatedAt(), mapper.appsOf(id), mapper.returnUrlsOf(id), mapper.changesOf(id));
    }

    // ------------------------------------------------------------------ inside a transaction

    private ServiceProvider activeProvider(String id) {
        ServiceProvider provider = mapper.lockProvider(id);
        if (provider == null) {
            throw new UnknownServiceProviderException("no such service provider");
        }
        if (provider.status() != ServiceProviderStatus.ACTIVE) {
            throw withdrawn();
        }
        return provider;
    }

    private void insertApp(String id, AppId app, String who, Instant now) {
        if (mapper.providerOfApp(app.value()) != null) {
            throw appTaken(app);
        }
        try {
            mapper.insertApp(id, app.value(), now);
        } catch (DuplicateKeyException concurrent) {
            throw appTaken(app);
        }
        audit(id, who, now, Action.APP_ADDED, app.value(), null, REGISTERED, "app registered");
    }

    private void insertReturnUrl(String id, ReturnUrl url, String who, Instant now) {
        if (mapper.registrationsOf(id, url.value()).stream().anyMatch(RegisteredReturnUrl::current)) {
            throw urlTaken();
        }
        String urlId = "url-" + UUID.randomUUID();
        try {
            mapper.insertReturnUrl(id, urlId, url.value(), now);
        } catch (DuplicateKeyException concurrent) {
            throw urlTaken();
        }
        audit(id, who, now, Action.RETURN_URL_ADDED, url.value(), null, CURRENT, "return URL " + urlId + " registered"
                + (url.punycodeHost() ? "; its IDN (xn--) host confirmed by the operator" : ""));
    }

    private void audit(String id, String who, Instant at, Action action, String subject, String before, String after,
                       String detail) {
        mapper.insertChange(id, who, at, action, subject, before, after, detail);
    }

    private <T> T inTransaction(Supplier<T> work) {
        return transactions.execute(status -> work.get());
    }

    /** The database keeps microseconds; so do the times handed out, so that what is read back equals them. */
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    // ------------------------------------------------------------------ input

    private static String operator(String operator) {
        if (operator == null || operator.isBlank() || operator.length() > MAX_OPERATOR_LENGTH || hasControl(operator)) {
            throw new InvalidServiceProviderInputException("the operator's user id is missing or malformed");
        }
        return operator;
    }

    private static String name(String name) {
        String stripped = name == null ? "" : name.strip();
        if (stripped.isEmpty()) {
            throw new InvalidServiceProviderInputException("the service provider's name is required");
        }
        if (stripped.length() > MAX_NAME_LENGTH) {
            throw new InvalidServiceProviderInputException("the service provider's name is longer than " + MAX_NAME_LENGTH
                    + " characters");
        }
        if (hasControl(stripped)) {
            throw new InvalidServiceProviderInputException("the service provider's name contains a control character");
        }
        return stripped;
    }

    private static ReturnUrl returnUrl(String text, boolean punycodeHostConfirmed, String where) {
        try {
            return ReturnUrl.parse(text, punycodeHostConfirmed);
        } catch (MalformedReturnUrlException e) {
            throw new MalformedReturnUrlException(e.problem(), where);
        }
    }

    private static String providerId(String id) {
        if (id == null || !PROVIDER_ID.matcher(id).matches()) {
            throw new UnknownServiceProviderException("no such service provider");
        }
        return id;
    }

    private static <T> List<T> distinct(List<String> values, String what, java.util.function.Function<String, T> parse) {
        if (values == null) {
            return List.of();
        }
        Set<String> seen = new LinkedHashSet<>();
        List<T> parsed = new ArrayList<>();
        for (String value : values) {
            parsed.add(parse.apply(value));
            if (!seen.add(value)) {
                throw new InvalidServiceProviderInputException("a " + what + " is given twice");
            }
        }
        return parsed;
    }

    private static boolean hasControl(String s) {
        return s.chars().anyMatch(Character::isISOControl);
    }

    private static ServiceProviderConflictException withdrawn() {
        return new ServiceProviderConflictException(Conflict.PROVIDER_WITHDRAWN,
                "the service provider is withdrawn and takes no further change");
    }

    private static ServiceProviderConflictException appTaken(AppId app) {
        return new ServiceProviderConflictException(Conflict.APP_ALREADY_REGISTERED,
                "the app " + app.value() + " is registered already");
    }

    private static ServiceProviderConflictException urlTaken() {
        return new ServiceProviderConflictException(Conflict.RETURN_URL_ALREADY_REGISTERED,
                "the return URL is a current return URL of this service provider already");
    }
}
