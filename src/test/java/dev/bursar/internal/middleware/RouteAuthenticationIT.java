package dev.bursar.internal.middleware;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bursar.support.IntegrationTest;
import dev.bursar.support.TestApi;
import dev.bursar.support.TestApi.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Every {@code /api/**} route, read from the running application's handler mappings so that new
 * routes are covered without touching this test, refuses a request without a valid key.
 */
@IntegrationTest
class RouteAuthenticationIT {

    @LocalServerPort
    int port;

    @Autowired
    @Qualifier("requestMappingHandlerMapping") RequestMappingHandlerMapping mappings;

    record Route(String method, String path) {}

    private List<Route> apiRoutes() {
        List<Route> routes = new ArrayList<>();
        mappings.getHandlerMethods().keySet().forEach(info -> {
            Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
            for (String pattern : info.getPatternValues()) {
                if (!pattern.startsWith("/api/")) {
                    continue;
                }
                String path = pattern.replaceAll("\\{[^}]+}", UUID.randomUUID().toString());
                (methods.isEmpty() ? Set.of(RequestMethod.GET) : methods)
                        .forEach(method -> routes.add(new Route(method.name(), path)));
            }
        });
        return routes;
    }

    @Test
    void everyApiRouteRefusesRequestsWithoutAValidKey() {
        List<Route> routes = apiRoutes();
        // The users, API key and me endpoints at least; the list grows with the API.
        assertThat(routes).hasSizeGreaterThanOrEqualTo(10);
        TestApi api = new TestApi(port);

        for (Route route : routes) {
            String body = Set.of("POST", "PUT", "PATCH").contains(route.method()) ? "{}" : null;

            Response anonymous = api.send(route.method(), route.path(), null, body, Map.of());
            assertThat(anonymous.status()).as("%s without a key", route).isEqualTo(401);
            anonymous.problem(401, "unauthorized");
            assertThat(anonymous.header("WWW-Authenticate"))
                    .as("%s challenge", route)
                    .isEqualTo("Bearer");

            Response unknownKey =
                    api.send(route.method(), route.path(), "bsr_not_a_real_key_" + UUID.randomUUID(), body, Map.of());
            assertThat(unknownKey.status()).as("%s with an unknown key", route).isEqualTo(401);
        }
    }
}
