package dev.bursar.internal.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bursar.support.IntegrationTest;
import dev.bursar.support.TestApi;
import dev.bursar.support.TestApi.Response;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
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
        List<String> differences = new ArrayList<>();
        differences(JSON.readTree(Files.readString(copy)), served, "", differences);
        assertThat(differences)
                .as("where %s differs from the served document: refresh it (see ClientDocumentIT)", COPY)
                .isEmpty();
    }

    /** JSON pointers where the copy and the served document differ, so a failure names them. */
    private static void differences(JsonNode copy, JsonNode served, String at, List<String> found) {
        if (copy.isObject() && served.isObject()) {
            Set<String> names = new TreeSet<>(copy.propertyNames());
            names.addAll(served.propertyNames());
            for (String name : names) {
                differences(
                        copy.path(name),
                        served.path(name),
                        at + "/" + name.replace("~", "~0").replace("/", "~1"),
                        found);
            }
        } else if (copy.isArray() && served.isArray() && copy.size() == served.size()) {
            for (int i = 0; i < copy.size(); i++) {
                differences(copy.get(i), served.get(i), at + "/" + i, found);
            }
        } else if (!copy.equals(served)) {
            found.add(at + ": " + abbreviate(copy) + " (copy) vs " + abbreviate(served) + " (served)");
        }
    }

    private static String abbreviate(JsonNode node) {
        String text = node.isMissingNode() ? "missing" : node.toString();
        return text.length() > 120 ? text.substring(0, 117) + "..." : text;
    }

    /** The server entry names this test's random port; a generated client is given its base URI anyway. */
    private static JsonNode withoutServers(JsonNode document) {
        ObjectNode copy = (ObjectNode) document.deepCopy();
        copy.remove("servers");
        return copy;
    }
}
