package dev.bursar.internal.middleware;

import org.apache.catalina.Valve;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
public class TomcatConfiguration {

    /**
     * Tomcat would refuse encoded slashes itself, with an HTML page; passed through, they reach
     * Spring Security's firewall, which refuses them with a problem+json 400 like every other path trick.
     */
    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> encodedSlashesReachTheFirewall() {
        return factory -> factory.addConnectorCustomizers(connector -> {
            connector.setEncodedSolidusHandling("passthrough");
            connector.setEncodedReverseSolidusHandling("passthrough");
        });
    }

    /** Requests Tomcat itself refuses are answered as problem+json, not with its HTML error page. */
    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> containerErrorsAsProblems() {
        return factory -> factory.addContextCustomizers(context -> {
            if (context.getParent() instanceof StandardHost host) {
                for (Valve valve : host.getPipeline().getValves()) {
                    if (valve instanceof ErrorReportValve) {
                        host.getPipeline().removeValve(valve);
                    }
                }
                host.setErrorReportValveClass(ContainerErrorValve.class.getName());
                host.getPipeline().addValve(new ContainerErrorValve());
            }
        });
    }
}
