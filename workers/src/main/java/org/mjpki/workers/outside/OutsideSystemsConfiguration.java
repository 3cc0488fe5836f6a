package org.mjpki.workers.outside;

import org.mjpki.lifecycle.port.PushService;
import org.mjpki.lifecycle.port.SecureElementChannel;
import org.mjpki.lifecycle.port.SeiTsm;
import org.mjpki.workers.WorkersProperties;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The outside-system ports over HTTP, when {@code mjpki.workers.outside.url} names where they are: the workers then
 * run in a process of their own, apart from the simulators (docs/adr/0013).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(prefix = "mjpki.workers.outside", name = "url")
public class OutsideSystemsConfiguration {

    @Bean
    OutsideSystemsHttp outsideSystemsHttp(WorkersProperties properties) {
        WorkersProperties.Outside outside = properties.outside();
        WorkersProperties.Client client = properties.client();
        return new OutsideSystemsHttp(outside.url(),
                outside.username() != null ? outside.username() : client.username(),
                outside.password() != null ? outside.password() : client.password(),
                outside.timeout());
    }

    @Bean
    SeiTsm httpSeiTsm(OutsideSystemsHttp http) {
        return new HttpSeiTsm(http);
    }

    @Bean
    SecureElementChannel httpSecureElementChannel(OutsideSystemsHttp http) {
        return new HttpSecureElementChannel(http);
    }

    @Bean
    PushService httpPushService(OutsideSystemsHttp http) {
        return new HttpPushService(http);
    }
}
