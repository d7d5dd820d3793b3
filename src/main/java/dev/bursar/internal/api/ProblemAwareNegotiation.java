package dev.bursar.internal.api;

import java.util.ArrayList;
import java.util.List;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.MediaType;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.accept.ContentNegotiationStrategy;
import org.springframework.web.accept.HeaderContentNegotiationStrategy;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.servlet.config.annotation.ContentNegotiationConfigurer;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * How Bursar reads {@code Accept}: a client that accepts {@code application/problem+json} reads
 * JSON, so it also accepts {@code application/json}, after everything it named. Its request is
 * then served like any other: errors are problem details (as always), a 204 has no body to
 * negotiate, and a success body is sent as {@code application/json} rather than refused with a
 * 406 after the operation has already happened (RFC 9110 lets a server disregard {@code Accept}).
 * The handler mapping's produces conditions and the body writers both read this one strategy, so
 * the handler found ahead of the dispatcher (idempotency, rate limits) is the one that serves.
 */
@Configuration(proxyBeanMethods = false)
class ProblemAwareNegotiation implements WebMvcConfigurer {

    @Override
    public void configureContentNegotiation(ContentNegotiationConfigurer configurer) {
        configurer.strategies(List.of(new ProblemReaderAcceptsJson(new HeaderContentNegotiationStrategy())));
    }

    record ProblemReaderAcceptsJson(ContentNegotiationStrategy header) implements ContentNegotiationStrategy {

        @Override
        public List<MediaType> resolveMediaTypes(NativeWebRequest request) throws HttpMediaTypeNotAcceptableException {
            return withJsonForProblemReaders(header.resolveMediaTypes(request));
        }

        static List<MediaType> withJsonForProblemReaders(List<MediaType> accepted) {
            boolean acceptsJson = accepted.stream().anyMatch(type -> type.includes(MediaType.APPLICATION_JSON));
            return accepted.stream()
                    .filter(type -> !acceptsJson
                            && type.equalsTypeAndSubtype(MediaType.APPLICATION_PROBLEM_JSON)
                            && type.getQualityValue() > 0)
                    .findFirst()
                    .map(problem -> {
                        List<MediaType> widened = new ArrayList<>(accepted);
                        widened.add(MediaType.APPLICATION_JSON.copyQualityValue(problem));
                        return List.copyOf(widened);
                    })
                    .orElse(accepted);
        }
    }
}
