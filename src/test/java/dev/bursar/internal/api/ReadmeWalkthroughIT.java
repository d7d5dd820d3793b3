package dev.bursar.internal.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.bursar.support.IntegrationTest;
import dev.bursar.support.TestApi;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.util.FileSystemUtils;

/**
 * The README's walk through the API with curl runs as written: its shell blocks, one after the
 * other, against the running service. Needs sh, curl and jq; without them the test is skipped,
 * unless BURSAR_REQUIRE_SHELL_TOOLS=true (as in CI) makes that a failure.
 */
@IntegrationTest
class ReadmeWalkthroughIT {

    private static final String SECTION = "## A walk through the API with curl";
    private static final Pattern SHELL_BLOCK = Pattern.compile("```sh\n(.*?)```", Pattern.DOTALL);

    /**
     * Wraps curl so that each call also leaves its request line, response headers and body in a
     * directory of its own under $BURSAR_CAPTURE; what curl prints is unchanged (a trailing newline
     * aside, as the README's own {@code -w '\n'} gives).
     */
    private static final String CAPTURING_CURL = """
            curl() {
              call=$(mktemp -d "$BURSAR_CAPTURE/call-XXXXXX")
              command curl "$@" -D "$call/headers" -w '\n%{stderr}%{method} %{url_effective}' 2>"$call/request" \
                | tee "$call/body"
            }
            """;

    @LocalServerPort
    int port;

    @Autowired
    TestApi api;

    @Test
    void theWalkthroughRunsAsWritten() throws IOException, InterruptedException {
        boolean tools = List.of("sh", "curl", "jq").stream().allMatch(ReadmeWalkthroughIT::onPath);
        if (!tools && Boolean.parseBoolean(System.getenv("BURSAR_REQUIRE_SHELL_TOOLS"))) {
            throw new IllegalStateException("BURSAR_REQUIRE_SHELL_TOOLS=true, but sh, curl or jq is missing");
        }
        assumeTrue(tools, "README walkthrough skipped: sh, curl or jq is missing");

        List<String> blocks = walkthroughBlocks();
        // The first block says where to put the admin key and the address: the test sets both.
        assertThat(blocks.getFirst()).contains("ADMIN=").contains("API=");
        // The test database is shared: a user of this run's own.
        String script = String.join("\n", blocks.subList(1, blocks.size()))
                .replace("ada@example.com", "ada-" + UUID.randomUUID() + "@example.com");

        Path output = Files.createTempFile("readme-walkthrough-", ".txt");
        Path capture = Files.createTempDirectory("readme-walkthrough-calls-");
        ProcessBuilder shell = new ProcessBuilder("sh", "-eu", "-c", CAPTURING_CURL + script)
                .redirectErrorStream(true)
                .redirectOutput(output.toFile());
        shell.environment().put("BURSAR_CAPTURE", capture.toString());
        shell.environment().put("ADMIN", TestApi.ADMIN_KEY);
        shell.environment().put("API", "http://localhost:" + port + "/api/v1");
        Process process = shell.start();
        boolean finished = process.waitFor(60, TimeUnit.SECONDS);
        if (!finished) {
            process.destroyForcibly();
        }
        String printed = Files.readString(output, StandardCharsets.UTF_8);
        Files.delete(output);

        assertThat(finished)
                .as("the walkthrough finished in a minute:\n%s", printed)
                .isTrue();
        assertThat(process.exitValue())
                .as("exit status; it printed:\n%s", printed)
                .isZero();
        assertThat(printed)
                .as("what the walkthrough printed")
                .contains("\"name\":\"Ada Lovelace\"")
                .contains("\"name\":\"Checking\",\"currency\":\"EUR\",\"balance\":0")
                .contains("\"kind\":\"deposit\"")
                .contains("HTTP/1.1 201")
                .contains("Idempotent-Replayed: true")
                .contains("\"amount\":-2500,\"balance_after\":7500")
                .contains("\"code\":\"insufficient_funds\"")
                .contains("\"type\":\"entry.posted\"")
                .contains("HTTP/1.1 401")
                .doesNotContain("/null");

        int calls = assertEveryResponseIsDescribed(capture);
        FileSystemUtils.deleteRecursively(capture);
        assertThat(calls).as("curl calls captured").isGreaterThan(10);
    }

    /** Each response curl received, checked against the served document as TestApi's are. */
    private int assertEveryResponseIsDescribed(Path capture) throws IOException {
        List<Path> calls;
        try (Stream<Path> listed = Files.list(capture)) {
            calls = listed.sorted().toList();
        }
        for (Path call : calls) {
            String[] request = Files.readString(call.resolve("request")).trim().split(" ", 2);
            String path = URI.create(request[1]).getRawPath();
            String head = Files.readString(call.resolve("headers"), StandardCharsets.UTF_8);
            // A -D file holds every response curl saw (an interim 100 Continue first): the final one counts.
            String[] lines = head.substring(head.lastIndexOf("HTTP/")).split("\r\n");
            Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            for (String line : Arrays.asList(lines).subList(1, lines.length)) {
                int colon = line.indexOf(':');
                if (colon > 0) {
                    headers.computeIfAbsent(line.substring(0, colon).trim(), name -> new ArrayList<>())
                            .add(line.substring(colon + 1).trim());
                }
            }
            String body = Files.readString(call.resolve("body"), StandardCharsets.UTF_8);
            if (body.startsWith("HTTP/")) { // curl -i: the headers came first
                body = body.substring(body.indexOf("\r\n\r\n") + 4);
            }
            body = body.substring(0, body.length() - 1); // the newline the wrapper's -w added
            api.assertDescribed(
                    request[0],
                    path,
                    Integer.parseInt(lines[0].split(" ")[1]),
                    HttpHeaders.of(headers, (name, value) -> true),
                    body);
        }
        return calls.size();
    }

    private static List<String> walkthroughBlocks() throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        int start = readme.indexOf(SECTION);
        assertThat(start).as("README has the section %s", SECTION).isNotNegative();
        int end = readme.indexOf("\n## ", start + SECTION.length());
        List<String> blocks = new ArrayList<>();
        Matcher block = SHELL_BLOCK.matcher(readme.substring(start, end < 0 ? readme.length() : end));
        while (block.find()) {
            blocks.add(block.group(1));
        }
        assertThat(blocks).as("shell blocks of the walkthrough").hasSizeGreaterThan(5);
        return blocks;
    }

    private static boolean onPath(String command) {
        for (String directory : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(directory, command))) {
                return true;
            }
        }
        return false;
    }
}
