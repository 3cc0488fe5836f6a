package org.mjpki.webapp.issuance;

import java.time.LocalDate;
import java.time.ZoneId;
import org.mjpki.lifecycle.jpki.ApplicationContent;
import org.mjpki.lifecycle.jpki.SignedApplication;
import org.mjpki.registry.CredentialRegistry;
import org.mjpki.registry.CredentialSet;
import org.mjpki.registry.SmartphoneApplication;
import org.springframework.stereotype.Component;

/**
 * A set as it may be shown to the holder or read to a caller: the phone (maker and model, as the application that made
 * the set stated them) and the day it was issued, in Japan time. Nothing else of the set or the holder.
 */
@Component
public class ExistingSets {

    private static final ZoneId JAPAN = ZoneId.of("Asia/Tokyo");
    private final CredentialRegistry registry;

    public ExistingSets(CredentialRegistry registry) {
        this.registry = registry;
    }

    public record Description(String deviceManufacturer, String deviceModel, LocalDate issuedOn) {
        public String phone() {
            return deviceManufacturer + " " + deviceModel;
        }
    }

    public Description describe(CredentialSet set) {
        ApplicationContent device = registry.application(set.applicationId())
                .map(SmartphoneApplication::signedApplication)
                .map(signed -> SignedApplication.parse(signed).content())
                .orElseThrow(() -> new IllegalStateException("credential set " + set.credentialSetId() + " has no application on record"));
        return new Description(device.deviceManufacturer(), device.deviceModel(), set.createdAt().atZone(JAPAN).toLocalDate());
    }
}
