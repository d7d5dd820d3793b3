package dev.bursar;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bursar.support.IntegrationTest;
import dev.bursar.support.SseClient;
import dev.bursar.support.TestApi;
import dev.bursar.support.TestApi.Payer;
import dev.bursar.support.TestApi.Response;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The operator assets in helm/bursar/files (the Grafana dashboard and the Prometheus alerting
 * rules) are well formed and ask only for what the service exports: every metric name in every
 * PromQL expression is on {@code /actuator/prometheus}, and so is every label value they select
 * on and every label they group by. A renamed or mistyped metric fails here, not on a dashboard
 * that silently shows "No data" or an alert that can never fire.
 */
@IntegrationTest
class ObservabilityAssetsIT {

    static final Path DASHBOARD = Path.of("helm/bursar/files/grafana/bursar-dashboard.json");
    static final Path RULES = Path.of("helm/bursar/files/prometheus/bursar-alerts.yml");
    static final Path RUNBOOK = Path.of("docs/runbook.md");

    /** Series that Prometheus writes itself for each target; the service cannot export them. */
    static final Set<String> PROMETHEUS_SERIES = Set.of("up");

    /** Labels that Prometheus (the compose scrape job, the Prometheus Operator) puts on every series of a target. */
    static final Set<String> TARGET_LABELS =
            Set.of("job", "instance", "namespace", "pod", "service", "endpoint", "container");

    /**
     * Label values the assets select that this test's traffic cannot produce: integration tests
     * run with rate limiting off, so no 429 rate_limited is ever counted here (RateLimitIT covers
     * the code and status).
     */
    static final Set<String> NOT_PRODUCED_HERE = Set.of("status=429", "problem_code=rate_limited");

    static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    @LocalManagementPort
    int managementPort;

    // ---------------------------------------------------------------------------------------------
    // Structure

    @Test
    void dashboardIsAGrafanaDashboardOnAPrometheusDatasourceVariable() throws IOException {
        JsonNode dashboard = JSON.readTree(Files.readString(DASHBOARD));
        List<String> problems = new ArrayList<>();

        assertThat(dashboard.path("title").asString()).isNotBlank();
        assertThat(dashboard.path("uid").asString()).isEqualTo("bursar");
        assertThat(dashboard.path("schemaVersion").asInt())
                .as("schemaVersion of a current Grafana")
                .isGreaterThanOrEqualTo(41);
        JsonNode datasource = variable(dashboard, "datasource");
        assertThat(datasource.path("type").asString()).isEqualTo("datasource");
        assertThat(datasource.path("query").asString()).isEqualTo("prometheus");

        for (JsonNode variable : dashboard.path("templating").path("list")) {
            if (variable.path("type").asString().equals("query")) {
                expectDatasourceVariable(
                        variable.path("datasource"),
                        "variable " + variable.path("name").asString(),
                        problems);
            }
        }
        Set<Integer> ids = new HashSet<>();
        List<JsonNode> panels = panels(dashboard);
        assertThat(panels).isNotEmpty();
        for (JsonNode panel : panels) {
            String name = "panel '" + panel.path("title").asString() + "'";
            if (!ids.add(panel.path("id").asInt())) {
                problems.add(name + ": id " + panel.path("id").asInt() + " is not unique");
            }
            JsonNode grid = panel.path("gridPos");
            int x = grid.path("x").asInt();
            int w = grid.path("w").asInt();
            if (w < 1 || grid.path("h").asInt() < 1 || x < 0 || x + w > 24) {
                problems.add(name + ": gridPos " + grid + " is not within 24 columns");
            }
            if (panel.path("type").asString().equals("row")) {
                continue;
            }
            if (panel.path("title").asString().isBlank()) {
                problems.add("panel " + panel.path("id").asInt() + " has no title");
            }
            expectDatasourceVariable(panel.path("datasource"), name, problems);
            if (panel.path("targets").isEmpty()) {
                problems.add(name + ": no target");
            }
            Set<String> refIds = new HashSet<>();
            for (JsonNode target : panel.path("targets")) {
                expectDatasourceVariable(target.path("datasource"), name + " target", problems);
                if (target.path("expr").asString().isBlank()) {
                    problems.add(name + ": a target without expr");
                }
                if (!refIds.add(target.path("refId").asString())) {
                    problems.add(name + ": refId " + target.path("refId").asString() + " twice");
                }
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void everyAlertHasASeverityAnExplanationAndARunbookSection() throws IOException {
        Set<String> anchors = runbookAnchors();
        List<Map<String, Object>> alerts = alertRules();
        List<String> problems = new ArrayList<>();
        Set<String> names = new HashSet<>();

        assertThat(alerts).hasSizeGreaterThanOrEqualTo(5);
        for (Map<String, Object> rule : alerts) {
            String name = String.valueOf(rule.get("alert"));
            if (!names.add(name)) {
                problems.add(name + ": defined twice");
            }
            if (!(rule.get("expr") instanceof String expr) || expr.isBlank()) {
                problems.add(name + ": no expr");
            }
            Object severity = map(rule.get("labels")).get("severity");
            if (!Set.of("critical", "warning", "info").contains(String.valueOf(severity))) {
                problems.add(name + ": labels.severity must be critical, warning or info");
            }
            Map<String, Object> annotations = map(rule.get("annotations"));
            for (String annotation : List.of("summary", "description", "runbook_url")) {
                if (!(annotations.get(annotation) instanceof String text) || text.isBlank()) {
                    problems.add(name + ": no " + annotation + " annotation");
                }
            }
            String runbook = String.valueOf(annotations.get("runbook_url"));
            Matcher anchor = Pattern.compile("docs/runbook\\.md#([\\w-]+)").matcher(runbook);
            if (!anchor.matches()) {
                problems.add(name + ": runbook_url " + runbook + " is not docs/runbook.md#<section>");
            } else if (!anchors.contains(anchor.group(1))) {
                problems.add(name + ": docs/runbook.md has no section #" + anchor.group(1));
            }
        }
        assertThat(problems).isEmpty();
        assertThat(names)
                .contains(
                        "BursarCircuitBreakerOpen",
                        "BursarNotReady",
                        "BursarTargetDown",
                        "BursarHigh5xxRatio",
                        "BursarHighLatency",
                        "BursarEventDeliveryLagHigh",
                        "BursarEventSubscribersDroppedSlow");
    }

    // ---------------------------------------------------------------------------------------------
    // Against the service

    @Test
    void everyMetricTheAssetsQueryIsExported() throws IOException {
        Exposition exposition = scrapeAfterTraffic();
        List<String> problems = new ArrayList<>();
        Set<String> checked = new HashSet<>();

        for (Query query : queries()) {
            for (String metric : query.refs().metrics()) {
                checked.add(metric);
                if (!PROMETHEUS_SERIES.contains(metric) && !exposition.exports(metric)) {
                    problems.add(query.where() + ": " + metric + " is not exported");
                }
            }
        }
        assertThat(problems).isEmpty();
        assertThat(checked)
                .contains(
                        "http_server_requests_seconds_bucket",
                        "bursar_transfers_total",
                        "bursar_ledger_batch_size_bucket",
                        "hikaricp_connections_pending",
                        "resilience4j_circuitbreaker_state",
                        "resilience4j_bulkhead_available_concurrent_calls",
                        "bursar_readiness",
                        "bursar_events_subscribers",
                        "bursar_events_delivered_total",
                        "bursar_events_dropped_total",
                        "bursar_events_delivery_lag_seconds_bucket",
                        "up");
    }

    @Test
    void everyLabelTheAssetsSelectOrGroupByExists() throws IOException {
        Exposition exposition = scrapeAfterTraffic();
        List<String> problems = new ArrayList<>();

        for (Query query : queries()) {
            Refs refs = query.refs();
            for (Selector selector : refs.selectors()) {
                if (PROMETHEUS_SERIES.contains(selector.metric())) {
                    continue;
                }
                for (LabelMatcher matcher : selector.matchers()) {
                    if (TARGET_LABELS.contains(matcher.label())
                            || matcher.value().contains("$")
                            || matcher.value().isEmpty()
                            || matcher.op().startsWith("!")
                            || NOT_PRODUCED_HERE.contains(matcher.label() + "=" + matcher.value())) {
                        continue;
                    }
                    if (!exposition.hasLabelValue(selector.metric(), matcher)) {
                        problems.add(query.where() + ": no " + selector.metric() + " series with " + matcher);
                    }
                }
            }
            Set<String> exported = new HashSet<>(refs.metrics());
            exported.removeAll(PROMETHEUS_SERIES);
            for (String label : refs.labels()) {
                if (!TARGET_LABELS.contains(label)
                        && !exported.isEmpty()
                        && exported.stream().noneMatch(metric -> exposition.hasLabel(metric, label))) {
                    problems.add(query.where() + ": label " + label + " is on none of " + exported);
                }
            }
        }
        assertThat(problems).isEmpty();
        String breaker = "resilience4j_circuitbreaker_state";
        assertThat(exposition.hasLabelValue(breaker, new LabelMatcher("name", "=", "database")))
                .isTrue();
        assertThat(exposition.hasLabelValue(breaker, new LabelMatcher("state", "=", "open")))
                .isTrue();
        assertThat(exposition.hasLabelValue("hikaricp_connections_pending", new LabelMatcher("pool", "=", "bursar")))
                .isTrue();
    }

    /** The extraction the two tests above rely on: it finds metric names and only them, and a typo is caught. */
    @Test
    void anOpenMetricsScrapeCarriesNoExemplarsThatPrometheus2Refuses() {
        TestApi api = new TestApi(port);
        // A sampled trace is what an exemplar would point at.
        Response sampled = api.send(
                "GET",
                "/api/v1/me",
                TestApi.ADMIN_KEY,
                null,
                Map.of("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"));
        assertThat(sampled.status()).isEqualTo(200);

        Response metrics = TestApi.management(managementPort)
                .send(
                        "GET",
                        "/actuator/prometheus",
                        null,
                        null,
                        Map.of("Accept", "application/openmetrics-text;version=1.0.0"));

        assertThat(metrics.status()).isEqualTo(200);
        assertThat(metrics.contentType()).startsWith("application/openmetrics-text");
        assertThat(metrics.body())
                .contains("http_server_requests_seconds_count{")
                .doesNotContain(" # {");
    }

    @Test
    void promqlReferencesAreFoundAndATypoIsCaught() {
        Refs refs = PromQl.refs("""
                histogram_quantile(0.99, sum by (le, uri) (rate(http_server_requests_seconds_bucket{job="$job",
                  instance=~"$instance", status=~"5.."}[$__rate_interval] offset 1h)))
                / on (instance) group_left (pool) max without (state) (hikaricp_connections_max{pool="bursar"}) > bool 0.5
                and absent(up{job="bursar"}) or vector(1e3) unless label_replace(bursar_readiness, "a", "$1", "b", "(.*)")
                + sum(rate(bursar_transfers_total[5m:30s])) * -Inf""");
        assertThat(refs.metrics())
                .containsExactlyInAnyOrder(
                        "http_server_requests_seconds_bucket",
                        "hikaricp_connections_max",
                        "up",
                        "bursar_readiness",
                        "bursar_transfers_total");
        assertThat(refs.labels()).containsExactlyInAnyOrder("le", "uri", "instance", "pool", "state");
        assertThat(refs.selectors())
                .contains(new Selector(
                        "http_server_requests_seconds_bucket",
                        List.of(
                                new LabelMatcher("job", "=", "$job"),
                                new LabelMatcher("instance", "=~", "$instance"),
                                new LabelMatcher("status", "=~", "5.."))));
        assertThat(PromQl.variableRefs("label_values(bursar_readiness{job=\"$job\"}, instance)")
                        .metrics())
                .containsExactly("bursar_readiness");

        Exposition exposition = scrapeAfterTraffic();
        assertThat(exposition.exports("bursar_transfers_total")).isTrue();
        assertThat(exposition.exports("bursar_transfer_duration_seconds_bucket"))
                .isTrue();
        assertThat(exposition.exports("bursar_transfer_total")).as("a typo").isFalse();
        assertThat(exposition.exports("bursar_readiness_bucket"))
                .as("no histogram of that name")
                .isFalse();
    }

    // ---------------------------------------------------------------------------------------------
    // Traffic and the exposition

    /** Scraped once per test run, after the traffic below. */
    private static Exposition scraped;

    /**
     * Makes the lazily registered meters exist (transfer counters per kind and outcome, error
     * responses with their problem codes, a ledger batch, an event delivered to a stream, a GC
     * pause), then scrapes once.
     */
    private Exposition scrapeAfterTraffic() {
        if (scraped != null) {
            return scraped;
        }
        TestApi api = new TestApi(port);
        Payer ada = api.newPayer(10_000);
        // The delivered-events counter appears with the first event written to a subscriber.
        try (SseClient stream = SseClient.open(api, port, "/api/v1/events?account_id=" + ada.to(), ada.key(), null)) {
            assertThat(api.transfer(ada.key(), ada.from(), ada.to(), 2_500, "EUR")
                            .status())
                    .isEqualTo(201);
            assertThat(stream.events(1, Duration.ofSeconds(10)))
                    .extracting(SseClient.Message::event)
                    .containsExactly("entry.posted");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        api.transfer(ada.key(), ada.from(), ada.to(), 1_000_000, "EUR").problem(422, "insufficient_funds");
        Response withdrawal =
                api.post("/api/v1/accounts/" + ada.to() + "/withdrawals", TestApi.ADMIN_KEY, Map.of("amount", 500));
        assertThat(withdrawal.status()).as(withdrawal.body()).isEqualTo(201);
        api.get("/api/v1/me", null).problem(401, "unauthorized");
        api.get("/test-probe/failure", null).problem(500, "internal_error");
        // The GC pause timer appears with the first collection (reported asynchronously); the
        // service runs in this JVM.
        System.gc();
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> scrape().exports("jvm_gc_pause_seconds_count"));
        scraped = scrape();
        return scraped;
    }

    private Exposition scrape() {
        Response metrics = TestApi.management(managementPort).get("/actuator/prometheus", null);
        assertThat(metrics.status()).isEqualTo(200);
        return Exposition.parse(metrics.body());
    }

    /** The Prometheus text exposition: sample names with their label sets, and each family's type. */
    record Exposition(Map<String, List<Map<String, String>>> series, Map<String, String> types) {

        private static final Pattern SAMPLE = Pattern.compile("([a-zA-Z_:][\\w:]*)(?:\\{(.*)})?\\s+\\S+.*");
        private static final Pattern LABEL = Pattern.compile("([a-zA-Z_]\\w*)=\"((?:[^\"\\\\]|\\\\.)*)\"");
        private static final Pattern TYPE = Pattern.compile("# TYPE ([a-zA-Z_:][\\w:]*) (\\w+)");

        static Exposition parse(String text) {
            Map<String, List<Map<String, String>>> series = new HashMap<>();
            Map<String, String> types = new HashMap<>();
            for (String line : text.lines().toList()) {
                Matcher type = TYPE.matcher(line);
                if (type.matches()) {
                    types.put(type.group(1), type.group(2));
                    continue;
                }
                Matcher sample = SAMPLE.matcher(line);
                if (line.startsWith("#") || !sample.matches()) {
                    continue;
                }
                Map<String, String> labels = new HashMap<>();
                if (sample.group(2) != null) {
                    Matcher label = LABEL.matcher(sample.group(2));
                    while (label.find()) {
                        labels.put(
                                label.group(1),
                                label.group(2).replace("\\\"", "\"").replace("\\\\", "\\"));
                    }
                }
                series.computeIfAbsent(sample.group(1), name -> new ArrayList<>())
                        .add(labels);
            }
            assertThat(series).as("samples on /actuator/prometheus").isNotEmpty();
            return new Exposition(series, types);
        }

        /** A sample of that name is exposed, or it is a _bucket/_count/_sum of a histogram or summary family. */
        boolean exports(String name) {
            if (series.containsKey(name)) {
                return true;
            }
            for (String suffix : List.of("_bucket", "_count", "_sum")) {
                if (name.endsWith(suffix)) {
                    String type = types.get(name.substring(0, name.length() - suffix.length()));
                    if ("histogram".equals(type) || ("summary".equals(type) && !suffix.equals("_bucket"))) {
                        return true;
                    }
                }
            }
            return false;
        }

        boolean hasLabel(String metric, String label) {
            return series.getOrDefault(metric, List.of()).stream().anyMatch(labels -> labels.containsKey(label));
        }

        boolean hasLabelValue(String metric, LabelMatcher matcher) {
            Predicate<String> matches = switch (matcher.op()) {
                case "=" -> value -> value.equals(matcher.value());
                case "=~" -> Pattern.compile(matcher.value()).asMatchPredicate(); // anchored, like PromQL
                default -> throw new IllegalArgumentException(matcher.op());
            };
            return series.getOrDefault(metric, List.of()).stream()
                    .map(labels -> labels.get(matcher.label()))
                    .anyMatch(value -> value != null && matches.test(value));
        }
    }

    // ---------------------------------------------------------------------------------------------
    // The PromQL of the assets

    record Query(String where, Refs refs) {}

    /** A label named in a Grafana legend: {{instance}}. */
    private static final Pattern LEGEND_LABEL = Pattern.compile("\\{\\{\\s*(\\w+)\\s*}}");

    /** Every PromQL expression of the dashboard (panels, variables) and of the alerting rules. */
    static List<Query> queries() throws IOException {
        List<Query> queries = new ArrayList<>();
        JsonNode dashboard = JSON.readTree(Files.readString(DASHBOARD));
        for (JsonNode panel : panels(dashboard)) {
            for (JsonNode target : panel.path("targets")) {
                Refs refs = PromQl.refs(target.path("expr").asString());
                Set<String> labels = new LinkedHashSet<>(refs.labels());
                Matcher legend =
                        LEGEND_LABEL.matcher(target.path("legendFormat").asString());
                while (legend.find()) {
                    labels.add(legend.group(1));
                }
                String where = "panel '" + panel.path("title").asString() + "' "
                        + target.path("refId").asString();
                queries.add(new Query(where, new Refs(refs.metrics(), refs.selectors(), labels)));
            }
        }
        for (JsonNode variable : dashboard.path("templating").path("list")) {
            if (variable.path("type").asString().equals("query")) {
                JsonNode query = variable.path("query");
                String text = query.isObject() ? query.path("query").asString() : query.asString();
                queries.add(new Query("variable " + variable.path("name").asString(), PromQl.variableRefs(text)));
            }
        }
        for (Map<String, Object> rule : alertRules()) {
            queries.add(new Query("alert " + rule.get("alert"), PromQl.refs(String.valueOf(rule.get("expr")))));
        }
        assertThat(queries).hasSizeGreaterThan(20);
        return queries;
    }

    record LabelMatcher(String label, String op, String value) {

        @Override
        public String toString() {
            return label + op + "\"" + value + "\"";
        }
    }

    record Selector(String metric, List<LabelMatcher> matchers) {}

    /** What an expression refers to: metric names, selectors with their matchers, label names it groups or joins by. */
    record Refs(Set<String> metrics, List<Selector> selectors, Set<String> labels) {}

    /**
     * Finds the references of a PromQL expression without a full parser (promtool parses every
     * expression in CI): string literals, label matchers, ranges, grouping and joining clauses,
     * offsets, numbers and Grafana's variables are taken out; what remains is function names
     * (followed by a parenthesis), keywords and operators, and metric names.
     */
    static final class PromQl {

        private static final Pattern STRING = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'|`[^`]*`");
        private static final Pattern LITERAL = Pattern.compile("\u0001(\\d+)\u0001");
        private static final Pattern SELECTOR = Pattern.compile("([a-zA-Z_:][\\w:]*)?\\s*\\{([^{}]*)}");
        private static final Pattern MATCHER = Pattern.compile("([a-zA-Z_]\\w*)\\s*(=~|!~|!=|=)\\s*\u0001(\\d+)\u0001");
        private static final Pattern GROUPING =
                Pattern.compile("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\(([^()]*)\\)");
        private static final Pattern VARIABLE = Pattern.compile("\\[\\[\\w+(?::\\w+)?]]|\\$\\{\\w+(?::\\w+)?}|\\$\\w+");
        private static final Pattern RANGE = Pattern.compile("\\[[^\\[\\]]*]");
        private static final Pattern OFFSET =
                Pattern.compile("\\boffset\\s+-?[\\w.]+|@\\s*(?:start\\(\\)|end\\(\\)|[\\d.]+)");
        private static final Pattern NUMBER =
                Pattern.compile("(?<![\\w:])(?:0x[0-9a-fA-F]+|(?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][-+]?\\d+)?)");
        private static final Pattern IDENTIFIER = Pattern.compile("[a-zA-Z_:][\\w:]*");
        private static final Set<String> KEYWORDS = Set.of(
                "by",
                "without",
                "on",
                "ignoring",
                "group_left",
                "group_right",
                "bool",
                "offset",
                "and",
                "or",
                "unless",
                "atan2",
                "inf",
                "nan",
                "start",
                "end");
        private static final Pattern LABEL_VALUES =
                Pattern.compile("(?s)\\s*label_values\\((.*),\\s*(\\w+)\\s*\\)\\s*");
        private static final Pattern QUERY_RESULT = Pattern.compile("(?s)\\s*query_result\\((.*)\\)\\s*");

        private PromQl() {}

        /** A Grafana Prometheus variable query: label_values(expr, label), query_result(expr) or plain PromQL. */
        static Refs variableRefs(String query) {
            Matcher labelValues = LABEL_VALUES.matcher(query);
            if (labelValues.matches()) {
                Refs refs = refs(labelValues.group(1));
                Set<String> labels = new LinkedHashSet<>(refs.labels());
                labels.add(labelValues.group(2));
                return new Refs(refs.metrics(), refs.selectors(), labels);
            }
            Matcher queryResult = QUERY_RESULT.matcher(query);
            return refs(queryResult.matches() ? queryResult.group(1) : query);
        }

        static Refs refs(String expr) {
            List<String> literals = new ArrayList<>();
            String text = STRING.matcher(expr).replaceAll(match -> {
                literals.add(unquote(match.group()));
                return Matcher.quoteReplacement("\u0001" + (literals.size() - 1) + "\u0001");
            });
            text = VARIABLE.matcher(text).replaceAll(" 0 ");

            List<Selector> selectors = new ArrayList<>();
            Set<String> metrics = new LinkedHashSet<>();
            text = SELECTOR.matcher(text).replaceAll(match -> {
                List<LabelMatcher> matchers = new ArrayList<>();
                Matcher matcher = MATCHER.matcher(match.group(2));
                while (matcher.find()) {
                    matchers.add(new LabelMatcher(
                            matcher.group(1), matcher.group(2), literals.get(Integer.parseInt(matcher.group(3)))));
                }
                String metric = match.group(1);
                if (metric == null || KEYWORDS.contains(metric)) {
                    metric = matchers.stream()
                            .filter(m -> m.label().equals("__name__") && m.op().equals("="))
                            .map(LabelMatcher::value)
                            .findFirst()
                            .orElse(null);
                    if (metric != null) {
                        metrics.add(metric);
                    }
                    selectors.add(new Selector(metric, matchers));
                    return " ";
                }
                selectors.add(new Selector(metric, matchers));
                return Matcher.quoteReplacement(metric + " ");
            });

            Set<String> labels = new LinkedHashSet<>();
            text = GROUPING.matcher(text).replaceAll(match -> {
                for (String label : match.group(2).split(",")) {
                    if (!label.isBlank()) {
                        labels.add(label.strip());
                    }
                }
                return " ";
            });
            String previous;
            do {
                previous = text;
                text = RANGE.matcher(text).replaceAll(" ");
            } while (!text.equals(previous));
            text = OFFSET.matcher(text).replaceAll(" ");
            text = LITERAL.matcher(text).replaceAll(" ");
            text = NUMBER.matcher(text).replaceAll(" ");

            Matcher identifier = IDENTIFIER.matcher(text);
            while (identifier.find()) {
                String name = identifier.group();
                String rest = text.substring(identifier.end()).stripLeading();
                if (rest.startsWith("(") || KEYWORDS.contains(name.toLowerCase(Locale.ROOT))) {
                    continue; // a function or aggregation, or a keyword
                }
                metrics.add(name);
            }
            return new Refs(metrics, selectors, labels);
        }

        private static String unquote(String literal) {
            String body = literal.substring(1, literal.length() - 1);
            return literal.startsWith("`") ? body : body.replaceAll("\\\\(.)", "$1");
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Reading the files

    /** Every panel, those inside (collapsed) rows included. */
    static List<JsonNode> panels(JsonNode dashboard) {
        List<JsonNode> panels = new ArrayList<>();
        for (JsonNode panel : dashboard.path("panels")) {
            panels.add(panel);
            panel.path("panels").forEach(panels::add);
        }
        return panels;
    }

    static JsonNode variable(JsonNode dashboard, String name) {
        for (JsonNode variable : dashboard.path("templating").path("list")) {
            if (variable.path("name").asString().equals(name)) {
                return variable;
            }
        }
        throw new AssertionError("the dashboard has no variable " + name);
    }

    static void expectDatasourceVariable(JsonNode datasource, String where, List<String> problems) {
        if (!datasource.path("type").asString().equals("prometheus")
                || !datasource.path("uid").asString().equals("${datasource}")) {
            problems.add(where + ": datasource must be {type: prometheus, uid: ${datasource}}, not " + datasource);
        }
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> alertRules() throws IOException {
        Map<String, Object> file = new Yaml(new SafeConstructor(new LoaderOptions())).load(Files.readString(RULES));
        List<Map<String, Object>> rules = new ArrayList<>();
        List<Map<String, Object>> groups = (List<Map<String, Object>>) file.get("groups");
        assertThat(groups).as("groups of %s", RULES).isNotEmpty();
        for (Map<String, Object> group : groups) {
            assertThat(group.get("name")).as("group name").isNotNull();
            for (Map<String, Object> rule : (List<Map<String, Object>>) group.get("rules")) {
                if (rule.containsKey("alert")) {
                    rules.add(rule);
                }
            }
        }
        return rules;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object value) {
        return value instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
    }

    /** The anchors GitHub gives the runbook's headings (fenced code left out). */
    static Set<String> runbookAnchors() throws IOException {
        Set<String> anchors = new HashSet<>();
        boolean fenced = false;
        for (String line : Files.readAllLines(RUNBOOK)) {
            if (line.startsWith("```")) {
                fenced = !fenced;
            } else if (!fenced && line.startsWith("#")) {
                String heading = line.replaceFirst("^#+\\s*", "").strip();
                anchors.add(heading.toLowerCase(Locale.ROOT)
                        .replaceAll("[^\\p{L}\\p{N} _-]", "")
                        .replace(' ', '-'));
            }
        }
        return anchors;
    }
}
