package dev.bursar.internal.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bursar.support.HeadlessChromium;
import dev.bursar.support.IntegrationTest;
import dev.bursar.support.TestApi;
import dev.bursar.support.TestApi.Payer;
import java.net.http.HttpHeaders;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Swagger UI in a real headless Chromium: an API consumer authorizes with an API key, moves money
 * with "Try it out", and sees the 201 and a problem+json error rendered. Needs Debian's
 * {@code chromium} and {@code chromium-driver} (or BURSAR_CHROMIUM / BURSAR_CHROMEDRIVER); without
 * them the test is skipped, unless BURSAR_REQUIRE_BROWSER=true (as in CI) makes that a failure.
 */
@IntegrationTest
class SwaggerUiBrowserIT {

    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    @Autowired
    TestApi api;

    @RegisterExtension
    static final HeadlessChromium CHROMIUM = new HeadlessChromium("Swagger UI browser test");

    WebDriver browser;
    WebDriverWait wait;

    @BeforeEach
    void setUp() {
        browser = CHROMIUM.browser();
        wait = new WebDriverWait(browser, PATIENCE);
    }

    @Test
    void aTransferMadeInSwaggerUiIsCreatedAndItsResponseShown() {
        Payer ada = api.newPayer(10_000);

        openAndAuthorize(ada.key());
        WebElement operation = tryOutTransfer("""
                {"from_account_id": "%s", "to_account_id": "%s", "amount": 2500, "currency": "EUR", "description": "rent"}""".formatted(ada.from(), ada.to()));

        assertThat(renderedStatus(operation)).isEqualTo("201");
        assertTheBrowsersResponseIsDescribed(201);
        String body = renderedBody(operation);
        assertThat(body)
                .contains(
                        "\"kind\": \"transfer\"", "\"amount\": 2500", ada.from().toString());
        assertThat(api.balance(ada.from())).as("money really moved").isEqualTo(7_500);
        assertThat(api.balance(ada.to())).isEqualTo(2_500);
    }

    @Test
    void aRefusedTransferShowsItsProblemDetails() {
        Payer bob = api.newPayer(0);

        openAndAuthorize(bob.key());
        WebElement operation = tryOutTransfer("""
                {"from_account_id": "%s", "to_account_id": "%s", "amount": 100, "currency": "EUR"}""".formatted(bob.from(), bob.to()));

        assertThat(renderedStatus(operation)).isEqualTo("422");
        assertTheBrowsersResponseIsDescribed(422);
        assertThat(renderedBody(operation)).contains("\"code\": \"insufficient_funds\"", "\"status\": 422");
        assertThat(api.balance(bob.from())).isZero();
    }

    private void openAndAuthorize(String key) {
        browser.manage().deleteAllCookies();
        browser.get("http://localhost:" + port + "/swagger-ui.html");
        ((JavascriptExecutor) browser).executeScript("window.localStorage.clear()");
        browser.navigate().refresh();
        wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("button.authorize")))
                .click();
        WebElement dialog = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".modal-ux")));
        within(dialog, By.cssSelector("input")).sendKeys(key);
        click(dialog, By.cssSelector(".auth-btn-wrapper button.authorize"));
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".modal-ux button.btn-done")))
                .click();
        wait.until(ExpectedConditions.invisibilityOfElementLocated(By.cssSelector(".modal-ux")));
    }

    /** Expands POST /api/v1/transfers, presses "Try it out", enters the body and executes it. */
    private WebElement tryOutTransfer(String body) {
        By transfer = By.xpath("//div[contains(@class,'opblock-post')][.//*[@data-path='/api/v1/transfers']]");
        WebElement operation = wait.until(ExpectedConditions.presenceOfElementLocated(transfer));
        click(operation, By.cssSelector(".opblock-summary-control"));
        click(operation, By.cssSelector("button.try-out__btn"));
        WebElement editor = within(operation, By.cssSelector("textarea.body-param__text"));
        editor.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.DELETE);
        editor.sendKeys(body);
        click(operation, By.cssSelector("button.execute"));
        within(operation, By.cssSelector(".live-responses-table tr.response .response-col_status"));
        return operation;
    }

    /**
     * Checks the response Swagger UI received (status, headers and body as its own fetch saw them,
     * kept in its state) against the served document, as every other test's responses are.
     */
    private void assertTheBrowsersResponseIsDescribed(int expectedStatus) {
        String json = (String) ((JavascriptExecutor) browser).executeScript("""
                const response = window.ui.specSelectors.responseFor('/api/v1/transfers', 'post');
                return response ? JSON.stringify(response.toJS()) : null;""");
        assertThat(json).as("Swagger UI kept the response it received").isNotNull();
        JsonNode response = JSON.readTree(json);
        assertThat(response.path("status").asInt()).isEqualTo(expectedStatus);
        Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        response.path("headers")
                .properties()
                .forEach(header -> headers.put(header.getKey(), values(header.getValue())));
        assertThat(headers).as("the browser saw the response's headers").containsKey("content-type");
        api.assertDescribed(
                "POST",
                "/api/v1/transfers",
                expectedStatus,
                HttpHeaders.of(headers, (name, value) -> true),
                response.path("text").asString());
    }

    /** A header as Swagger UI keeps it: one string, or an array when it came more than once. */
    private static List<String> values(JsonNode header) {
        return header.isArray() ? header.valueStream().map(JsonNode::asString).toList() : List.of(header.asString());
    }

    /** Waits until the element is inside {@code parent} and visible: Swagger UI renders as it goes. */
    private WebElement within(WebElement parent, By locator) {
        return wait.until(ignored -> {
            List<WebElement> found = parent.findElements(locator);
            return found.isEmpty() || !found.getFirst().isDisplayed() ? null : found.getFirst();
        });
    }

    private void click(WebElement parent, By locator) {
        WebElement element = scrollTo(within(parent, locator));
        wait.until(ExpectedConditions.elementToBeClickable(element)).click();
    }

    private static String renderedStatus(WebElement operation) {
        return operation
                .findElement(By.cssSelector(".live-responses-table tr.response .response-col_status"))
                .getText()
                .trim();
    }

    private static String renderedBody(WebElement operation) {
        return operation
                .findElement(By.cssSelector(".live-responses-table tr.response .response-col_description pre"))
                .getText();
    }

    private WebElement scrollTo(WebElement element) {
        ((JavascriptExecutor) browser).executeScript("arguments[0].scrollIntoView({block: 'center'})", element);
        return element;
    }
}
