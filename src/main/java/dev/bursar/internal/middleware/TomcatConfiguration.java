package dev.bursar.internal.middleware;

import dev.bursar.internal.config.BursarProperties;
import org.apache.catalina.Valve;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.tomcat.websocket.server.WsSci;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

@Configuration(proxyBeanMethods = false)
public class TomcatConfiguration {

    private static final String WEBSOCKET_BUFFER_SIZE = "org.apache.tomcat.websocket.DEFAULT_BUFFER_SIZE";

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

    /**
     * Requests run on virtual threads, at most {@code bursar.http.max-concurrent-requests} at once
     * (replacing Spring Boot's unbounded virtual-thread executor, hence the late order).
     */
    @Bean
    @Order(Ordered.LOWEST_PRECEDENCE)
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> boundedVirtualThreads(BursarProperties properties) {
        int limit = properties.http().maxConcurrentRequests();
        return factory -> factory.addProtocolHandlerCustomizers(
                handler -> handler.setExecutor(new BoundedVirtualThreadExecutor("tomcat-handler-", limit)));
    }

    /**
     * Every open connection keeps a read and a write buffer, 8 KB each by default; API requests
     * and responses are a few hundred bytes, so 2 KB serves them in one read or write and lets
     * 10,000 idle keep-alive connections fit in a small heap.
     */
    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> smallConnectionBuffers() {
        return factory -> factory.addConnectorCustomizers(connector -> {
            connector.setProperty("socket.appReadBufSize", "2048");
            connector.setProperty("socket.appWriteBufSize", "2048");
            // Each request keeps a buffer this size for a chunked body's trailer section (8 KB by
            // default), allocated up front; API clients send no trailers.
            connector.setProperty("maxTrailerSize", "512");
        });
    }

    /** Smaller response buffers: see {@link SmallBufferHttp11NioProtocol}. */
    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> smallResponseBuffers() {
        return factory -> factory.setProtocol(SmallBufferHttp11NioProtocol.class.getName());
    }

    /**
     * Tomcat's WebSocket container, which the event stream's controller upgrades requests with
     * (what Spring Boot's WebSocket support would install, without Spring's WebSocket layer).
     */
    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> webSocketContainer() {
        // Every session keeps an output buffer and an encoder buffer of this size (8 KB, the
        // encoder's in chars, unless set): 2 KB holds a frame of several events, and thousands of
        // subscribers are open. Tomcat reads it once, as a system property, when its WebSocket
        // classes load, which happens after this (the container starts later); a value given on
        // the command line wins.
        if (System.getProperty(WEBSOCKET_BUFFER_SIZE) == null) {
            System.setProperty(WEBSOCKET_BUFFER_SIZE, "2048");
        }
        return factory -> factory.addContextCustomizers(context -> {
            context.addServletContainerInitializer(new WsSci(), null);
            // Each session keeps an incoming-message buffer of these sizes (8 KB by default, the text
            // one in chars): event subscribers send nothing but pongs, and thousands of them are open.
            context.addParameter("org.apache.tomcat.websocket.textBufferSize", "1024");
            context.addParameter("org.apache.tomcat.websocket.binaryBufferSize", "1024");
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
