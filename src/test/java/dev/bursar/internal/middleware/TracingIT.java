package dev.bursar.internal.middleware;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bursar.support.IntegrationTest;
import dev.bursar.support.TestApi;
import dev.bursar.support.TestApi.Account;
import dev.bursar.support.TestApi.Payer;
import dev.bursar.support.TestApi.Response;
import dev.bursar.support.TestTraces;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** W3C trace context in and out, trace ids in the logs, and a transfer's database work as spans. */
@IntegrationTest
@ExtendWith(OutputCaptureExtension.class)
class TracingIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Pattern TRACEPARENT = Pattern.compile("00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})");
    private static final SecureRandom RANDOM = new SecureRandom();

    @Autowired
    TestTraces.Recorder traces;

    @Autowired
    TestApi api;

    @Test
    void theTraceIdOfTheResponseHeaderIsOnTheLogLinesOfThatRequest(CapturedOutput output) {
        Account ada = api.newUser();

        Response response = api.get("/api/v1/me", ada.key());

        Matcher traceparent = traceparent(response);
        List<JsonNode> lines = linesOfRequest(output, response.header("X-Request-Id"));
        assertThat(lines).isNotEmpty().allSatisfy(line -> {
            assertThat(line.path("traceId").asString()).isEqualTo(traceparent.group(1));
            assertThat(line.path("spanId").asString()).isEqualTo(traceparent.group(2));
        });
    }

    @Test
    void refusedRequestsCarryATraceToo(CapturedOutput output) {
        Response response = api.get("/api/v1/me", null);

        assertThat(response.status()).isEqualTo(401);
        Matcher traceparent = traceparent(response);
        JsonNode line = linesOfRequest(output, response.header("X-Request-Id")).getFirst();
        assertThat(line.path("traceId").asString()).isEqualTo(traceparent.group(1));
        assertThat(line.path("problem_code").asString()).isEqualTo("unauthorized");
    }

    @Test
    void aCallersTraceparentIsContinued() {
        String traceId = hex(16);
        String callerSpanId = hex(8);

        Response response = api.send(
                "GET",
                "/api/v1/me",
                TestApi.ADMIN_KEY,
                null,
                Map.of("traceparent", "00-" + traceId + "-" + callerSpanId + "-01"));

        Matcher traceparent = traceparent(response);
        assertThat(traceparent.group(1)).isEqualTo(traceId);
        assertThat(traceparent.group(2)).as("the server's own span").isNotEqualTo(callerSpanId);
        assertThat(traceparent.group(3)).as("sampled, as the caller decided").isEqualTo("01");
    }

    @Test
    void aMalformedTraceparentStartsANewTrace() {
        Response response =
                api.send("GET", "/api/v1/me", TestApi.ADMIN_KEY, null, Map.of("traceparent", "00-not-a-trace-01"));

        assertThat(response.status()).isEqualTo(200);
        assertThat(traceparent(response).group(1)).hasSize(32);
    }

    @Test
    void aTransfersDatabaseWorkAppearsAsSpansOfItsTrace() {
        Payer ada = api.newPayer(1_000);
        String traceId = hex(16);
        traces.watch(traceId);

        Response transfer = api.send(
                "POST",
                "/api/v1/transfers",
                ada.key(),
                TestApi.transferBody(ada.from(), ada.to(), 250, "EUR"),
                Map.of("traceparent", "00-" + traceId + "-" + hex(8) + "-01"));

        assertThat(transfer.status()).as(transfer.body()).isEqualTo(201);
        Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            List<SpanData> spans = traces.spansOf(traceId);
            SpanData server = spans.stream()
                    .filter(span -> span.getKind() == SpanKind.SERVER)
                    .findFirst()
                    .orElseThrow();
            assertThat(server.getName()).isEqualTo("http post /api/v1/transfers");
            List<SpanData> statements = spans.stream()
                    .filter(span -> span.getKind() == SpanKind.CLIENT)
                    .toList();
            assertThat(statements)
                    .as("database statements of %s", names(spans))
                    .isNotEmpty()
                    .allSatisfy(statement ->
                            assertThat(isDescendant(statement, server, spans)).isTrue());
            assertThat(statements)
                    .extracting(span -> span.getAttributes().asMap().toString())
                    .anySatisfy(attributes -> assertThat(attributes).containsIgnoringCase("update"));
        });
    }

    private static Matcher traceparent(Response response) {
        String header = response.header("traceparent");
        assertThat(header).as("traceparent response header").isNotNull();
        Matcher matcher = TRACEPARENT.matcher(header);
        assertThat(matcher.matches()).as(header).isTrue();
        return matcher;
    }

    private static List<JsonNode> linesOfRequest(CapturedOutput output, String requestId) {
        Awaitility.await()
                .atMost(Duration.ofSeconds(5))
                .until(() -> output.getOut().contains(requestId));
        return output.getOut()
                .lines()
                .filter(line -> line.contains(requestId))
                .map(JSON::readTree)
                .filter(line -> requestId.equals(line.path("request_id").asString()))
                .toList();
    }

    private static boolean isDescendant(SpanData span, SpanData ancestor, List<SpanData> spans) {
        String parent = span.getParentSpanId();
        while (parent != null) {
            if (parent.equals(ancestor.getSpanId())) {
                return true;
            }
            String current = parent;
            parent = spans.stream()
                    .filter(s -> s.getSpanId().equals(current))
                    .findFirst()
                    .map(SpanData::getParentSpanId)
                    .orElse(null);
        }
        return false;
    }

    private static List<String> names(List<SpanData> spans) {
        return spans.stream()
                .map(span -> span.getKind() + " " + span.getName() + " " + span.getAttributes())
                .toList();
    }

    private static String hex(int bytes) {
        byte[] random = new byte[bytes];
        RANDOM.nextBytes(random);
        return HexFormat.of().formatHex(random);
    }
}
