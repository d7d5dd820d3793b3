package dev.bursar.internal.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bursar.support.IntegrationTest;
import dev.bursar.support.TestApi;
import dev.bursar.support.TestApi.Response;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The copy of the OpenAPI document the test client is generated from
 * ({@value #COPY}, see the openapi-generator plugin in pom.xml) is the document the service
 * serves, so {@link ClientWalkthroughIT} tests the client an API consumer would generate today.
 * After a change to the API, refresh the copy with
 * {@code ./mvnw verify -Dit.test=ClientDocumentIT -Dtest=none -Dbursar.openapi.refresh=true}
 * and commit it.
 */
@IntegrationTest
class ClientDocumentIT {

    static final String COPY = "src/test/resources/openapi/bursar.json";

    private static final JsonMapper JSON =
            JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    @Autowired
    TestApi api;

    @Test
    void theClientIsGeneratedFromTheServedDocument() throws IOException {
        Response docs = api.get("/v3/api-docs", null);
        assertThat(docs.status()).isEqualTo(200);
        JsonNode served = withoutServers(docs.json());
        Path copy = Path.of(COPY);

        if (Boolean.getBoolean("bursar.openapi.refresh")) {
            Files.createDirectories(copy.getParent());
            Files.writeString(copy, JSON.writeValueAsString(served) + "\n");
        }

        assertThat(Files.exists(copy)).as("%s exists", COPY).isTrue();
        assertThat(JSON.readTree(Files.readString(copy)))
                .as("%s is the served document: refresh it (see ClientDocumentIT)", COPY)
                .isEqualTo(served);
    }

    /** The server entry names this test's random port; a generated client is given its base URI anyway. */
    private static JsonNode withoutServers(JsonNode document) {
        ObjectNode copy = (ObjectNode) document.deepCopy();
        copy.remove("servers");
        return copy;
    }
}
