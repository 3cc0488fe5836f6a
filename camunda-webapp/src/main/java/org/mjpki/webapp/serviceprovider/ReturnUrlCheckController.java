package org.mjpki.webapp.serviceprovider;

import org.mjpki.serviceprovider.ReturnUrlCheck;
import org.mjpki.serviceprovider.ServiceProviders;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The app API's whitelist check (R17): before the Mynaportal app sends a signature to the return server a service
 * provider's app named, it asks here, and sends it only on {@code "allowed": true}. Every well-formed JSON question gets
 * a 200 answer — a malformed URL or app id is {@code allowed: false} with its reason —; a body that is not the JSON
 * object is 400.
 */
@RestController
@io.swagger.v3.oas.annotations.tags.Tag(name = "Return-URL whitelist")
public class ReturnUrlCheckController {

    private final ServiceProviders providers;

    public ReturnUrlCheckController(ServiceProviders providers) {
        this.providers = providers;
    }

    /**
     * @param appId     the calling app of the service provider (its Android package name or iOS bundle id)
     * @param returnUrl the return server's URL the app named, exactly as the signature would be sent to it
     */
    public record CheckRequest(String appId, String returnUrl) {}

    @io.swagger.v3.oas.annotations.Operation(summary = "May this return URL receive a signature?", description = "R17: allowed only for the exact registered return URL of the calling app's active service provider.")
    @PostMapping("/api/v1/return-url-checks")
    public ReturnUrlCheck check(@RequestBody CheckRequest body) {
        return providers.check(body.appId(), body.returnUrl());
    }
}
