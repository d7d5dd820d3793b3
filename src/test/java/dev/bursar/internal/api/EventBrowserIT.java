package dev.bursar.internal.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bursar.support.HeadlessChromium;
import dev.bursar.support.IntegrationTest;
import dev.bursar.support.TestApi;
import dev.bursar.support.TestApi.Payer;
import dev.bursar.support.TestApi.Response;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The browser's path to live events in a real headless Chromium: from a page of the service's own
 * origin, a script takes tickets with fetch and opens an EventSource and a WebSocket with them;
 * both see a transfer made meanwhile. Needs Debian's
 * {@code chromium} and {@code chromium-driver} (or BURSAR_CHROMIUM / BURSAR_CHROMEDRIVER); without
 * them the test is skipped, unless BURSAR_REQUIRE_BROWSER=true (as in CI) makes that a failure.
 */
@IntegrationTest
class EventBrowserIT {

    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    @Autowired
    TestApi api;

    @RegisterExtension
    static final HeadlessChromium CHROMIUM = new HeadlessChromium("Events browser test");

    WebDriver browser;
    WebDriverWait wait;

    @BeforeEach
    void setUp() {
        browser = CHROMIUM.browser();
        wait = new WebDriverWait(browser, PATIENCE);
    }

    @Test
    void anEventSourceAndAWebSocketWithTicketsSeeATransfer() {
        Payer ada = api.newPayer(10_000);
        browser.get("http://localhost:" + port + "/swagger-ui.html");
        JavascriptExecutor page = (JavascriptExecutor) browser;
        Object opened = page.executeAsyncScript("""
                const [key, account, port, done] = arguments;
                const ticket = async () => {
                  const response = await fetch('/api/v1/events/tickets',
                      {method: 'POST', headers: {Authorization: 'Bearer ' + key}});
                  if (response.status !== 201) throw new Error('ticket: ' + response.status);
                  return (await response.json()).ticket;
                };
                (async () => {
                  window.sseEvents = [];
                  window.wsEvents = [];
                  window.problems = [];
                  const source = new EventSource('/api/v1/events?ticket=' + await ticket() + '&account_id=' + account);
                  source.addEventListener('entry.posted', message => window.sseEvents.push(JSON.parse(message.data)));
                  const sseOpen = new Promise((resolve, reject) => {
                    source.onopen = resolve;
                    source.onerror = () => reject(new Error('EventSource failed'));
                  });
                  const socket = new WebSocket('ws://localhost:' + port + '/api/v1/events/ws?ticket='
                      + await ticket() + '&account_id=' + account);
                  socket.onmessage = message => message.data.split('\\n')
                      .forEach(line => window.wsEvents.push(JSON.parse(line)));
                  socket.onclose = close => window.problems.push('WebSocket closed ' + close.code);
                  const wsOpen = new Promise((resolve, reject) => {
                    socket.onopen = resolve;
                    socket.onerror = () => reject(new Error('WebSocket failed'));
                  });
                  window.eventSource = source;
                  window.webSocket = socket;
                  await Promise.all([sseOpen, wsOpen]);
                  return 'open';
                })().then(done, error => done(String(error)));""", ada.key(), ada.from().toString(), port);
        assertThat(opened).as("both streams opened").isEqualTo("open");

        Response transfer = api.transfer(ada.key(), ada.from(), ada.to(), 2_500, "EUR");
        assertThat(transfer.status()).isEqualTo(201);
        String transferId = transfer.json().path("id").asString();

        for (String received : List.of("sseEvents", "wsEvents")) {
            String json = wait.until(browser -> {
                Object events = page.executeScript(
                        "return window[arguments[0]].length > 0 ? JSON.stringify(window[arguments[0]]) : null",
                        received);
                return (String) events;
            });
            JsonNode events = JSON.readTree(json);
            assertThat(events.size()).as(received).isEqualTo(1);
            JsonNode event = events.get(0);
            assertThat(event.path("type").asString()).isEqualTo("entry.posted");
            assertThat(event.path("transfer_id").asString()).as(received).isEqualTo(transferId);
            assertThat(event.path("account_id").asString()).isEqualTo(ada.from().toString());
            assertThat(event.path("amount").asLong()).isEqualTo(-2_500);
            assertThat(event.path("balance_after").asLong()).isEqualTo(7_500);
        }
        assertThat(page.executeScript("return window.problems")).asList().isEmpty();
        page.executeScript("window.eventSource.close(); window.webSocket.close()");
    }
}
