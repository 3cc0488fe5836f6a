package org.mjpki.ca;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;

/** A minimal application around the CA module: DataSource, MVC, and what org.mjpki.ca wires. */
@SpringBootApplication
public class CaTestApplication {
    public static void main(String[] args) {
        SpringApplication.run(CaTestApplication.class, args);
    }

    /** RFC 6960 GET requests may carry %2F (an URL-encoded '/' of base64): let them through to the responder. */
    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> ocspGetPaths() {
        return f -> f.addConnectorCustomizers(c -> c.setEncodedSolidusHandling("passthrough"));
    }
}
