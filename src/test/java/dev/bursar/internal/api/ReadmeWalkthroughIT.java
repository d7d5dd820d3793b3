package dev.bursar.internal.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.bursar.support.IntegrationTest;
import dev.bursar.support.TestApi;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The README's walk through the API with curl runs as written: its shell blocks, one after the
 * other, against the running service. Needs sh, curl and jq; without them the test is skipped,
 * unless BURSAR_REQUIRE_SHELL_TOOLS=true (as in CI) makes that a failure.
 */
@IntegrationTest
class ReadmeWalkthroughIT {

    private static final String SECTION = "## A walk through the API with curl";
    private static final Pattern SHELL_BLOCK = Pattern.compile("```sh\n(.*?)```", Pattern.DOTALL);

    @LocalServerPort
    int port;

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
        ProcessBuilder shell = new ProcessBuilder("sh", "-eu", "-c", script)
                .redirectErrorStream(true)
                .redirectOutput(output.toFile());
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
                .contains("HTTP/1.1 401")
                .doesNotContain("/null");
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
