package dev.bursar.internal.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bursar.support.IntegrationTest;
import dev.bursar.support.TestApi;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.DefaultApplicationArguments;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

@IntegrationTest
class AdminBootstrapIT {

    @LocalServerPort
    int port;

    @Autowired
    AdminBootstrap bootstrap;

    @Test
    void bootstrapKeyAuthenticatesTheConfiguredAdmin() {
        JsonNode me = new TestApi(port).get("/api/v1/me", TestApi.ADMIN_KEY).json();

        assertThat(me.path("email").asString()).isEqualTo("admin@localhost");
        assertThat(me.path("role").asString()).isEqualTo("admin");
    }

    @Test
    void runningAgainKeepsOneAdminWithTheSameKey() {
        TestApi api = new TestApi(port);
        String adminId =
                api.get("/api/v1/me", TestApi.ADMIN_KEY).json().path("id").asString();

        bootstrap.run(new DefaultApplicationArguments());
        bootstrap.run(new DefaultApplicationArguments());

        assertThat(api.get("/api/v1/me", TestApi.ADMIN_KEY).json().path("id").asString())
                .isEqualTo(adminId);
        List<JsonNode> admins = api.readAll("/api/v1/users", TestApi.ADMIN_KEY, 100).stream()
                .filter(user -> user.path("email").asString().equalsIgnoreCase("admin@localhost"))
                .toList();
        assertThat(admins).hasSize(1);
        assertThat(api.readAll("/api/v1/users/" + adminId + "/api-keys", TestApi.ADMIN_KEY, 100))
                .hasSize(1);
    }
}
