package dev.bursar.cmd.server;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Entry point: starts the Bursar HTTP service. Everything else lives under {@code dev.bursar.internal}. */
@SpringBootApplication(scanBasePackages = "dev.bursar.internal")
@ConfigurationPropertiesScan("dev.bursar.internal.config")
public class BursarServer {

    public static void main(String[] args) {
        SpringApplication.run(BursarServer.class, args);
    }
}
