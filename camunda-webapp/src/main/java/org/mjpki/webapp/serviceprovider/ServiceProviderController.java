package org.mjpki.webapp.serviceprovider;

import java.util.List;
import org.mjpki.serviceprovider.ServiceProvider;
import org.mjpki.serviceprovider.ServiceProviderDetails;
import org.mjpki.serviceprovider.ServiceProviders;
import org.mjpki.webapp.security.CallerIdentity;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * The operator API of the return-URL whitelist (R17; operators only, {@code /operator}): register the service providers
 * J-LIS approved, their apps and exact return URLs, withdraw URLs and providers, and read each with its audit trail.
 * Every change is recorded under the operator's user id, which the access filter leaves on the request. Thin: the rules
 * are in {@link ServiceProviders}.
 */
@RestController
@RequestMapping("/operator/service-providers")
public class ServiceProviderController {

    private final ServiceProviders providers;

    public ServiceProviderController(ServiceProviders providers) {
        this.providers = providers;
    }

    /**
     * @param apps                 the provider's app ids (Android package names, iOS bundle ids); may be empty
     * @param returnUrls           its return URLs, each exactly as it will be compared; may be empty
     * @param confirmPunycodeHosts true to register IDN ({@code xn--}) hosts among them, which are refused otherwise
     */
    public record Registration(String name, List<String> apps, List<String> returnUrls, Boolean confirmPunycodeHosts) {}

    public record NewApp(String appId) {}

    /** @param confirmPunycodeHost true to register an IDN ({@code xn--}) host, which is refused otherwise */
    public record NewReturnUrl(String url, Boolean confirmPunycodeHost) {}

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    public ServiceProviderDetails register(@RequestBody Registration body,
                                           @RequestAttribute(CallerIdentity.USER_ATTRIBUTE) String operator) {
        return providers.register(body.name(), body.apps(), body.returnUrls(), Boolean.TRUE.equals(body.confirmPunycodeHosts()),
                operator);
    }

    @GetMapping
    public List<ServiceProvider> list() {
        return providers.list();
    }

    @GetMapping("/{serviceProviderId}")
    public ServiceProviderDetails details(@PathVariable String serviceProviderId) {
        return providers.details(serviceProviderId);
    }

    @PostMapping("/{serviceProviderId}/apps")
    @ResponseStatus(HttpStatus.CREATED)
    public ServiceProviderDetails addApp(@PathVariable String serviceProviderId, @RequestBody NewApp body,
                                         @RequestAttribute(CallerIdentity.USER_ATTRIBUTE) String operator) {
        return providers.addApp(serviceProviderId, body.appId(), operator);
    }

    @PostMapping("/{serviceProviderId}/return-urls")
    @ResponseStatus(HttpStatus.CREATED)
    public ServiceProviderDetails addReturnUrl(@PathVariable String serviceProviderId, @RequestBody NewReturnUrl body,
                                               @RequestAttribute(CallerIdentity.USER_ATTRIBUTE) String operator) {
        return providers.addReturnUrl(serviceProviderId, body.url(), Boolean.TRUE.equals(body.confirmPunycodeHost()), operator);
    }

    /** The URL stays in the history, withdrawn: no signature goes back to it any more. */
    @PostMapping("/{serviceProviderId}/return-urls/{returnUrlId}/withdrawal")
    public ServiceProviderDetails withdrawReturnUrl(@PathVariable String serviceProviderId, @PathVariable String returnUrlId,
                                                    @RequestAttribute(CallerIdentity.USER_ATTRIBUTE) String operator) {
        return providers.withdrawReturnUrl(serviceProviderId, returnUrlId, operator);
    }

    /** Final: none of the provider's apps passes a check any more, and the provider takes no further change. */
    @PostMapping("/{serviceProviderId}/withdrawal")
    public ServiceProviderDetails withdraw(@PathVariable String serviceProviderId,
                                           @RequestAttribute(CallerIdentity.USER_ATTRIBUTE) String operator) {
        return providers.withdraw(serviceProviderId, operator);
    }
}
