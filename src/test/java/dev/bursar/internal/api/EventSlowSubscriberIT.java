package dev.bursar.internal.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bursar.support.IsolatedIntegrationTest;
import dev.bursar.support.SseClient;
import dev.bursar.support.SseClient.Message;
import dev.bursar.support.TestApi;
import dev.bursar.support.TestApi.Payer;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * A subscriber that stops reading is dropped once its buffer (8 events here) is full, while a
 * subscriber of the same account keeps receiving every event and money keeps moving. Socket
 * buffers are small here (the server's send buffer, the slow client's receive buffer), so that
 * the slow client's connection fills up after a few dozen events rather than thousands.
 */
@IsolatedIntegrationTest(properties = "bursar.events.client-buffer=8")
@Import(EventSlowSubscriberIT.SmallSocketBuffers.class)
class EventSlowSubscriberIT {

    private static final int DEPOSITS = 300;

    @LocalServerPort
    int port;

    @Autowired
    MeterRegistry meters;

    @TestConfiguration(proxyBeanMethods = false)
    static class SmallSocketBuffers {
        @Bean
        WebServerFactoryCustomizer<TomcatServletWebServerFactory> smallSendBuffers() {
            return factory ->
                    factory.addConnectorCustomizers(connector -> connector.setProperty("socket.txBufSize", "4096"));
        }
    }

    @Test
    void aSubscriberThatStopsReadingIsDroppedWhileAFastOneGetsEveryEvent() throws Exception {
        TestApi api = new TestApi(port);
        Payer ada = api.newPayer(0);
        String path = "/api/v1/events?account_id=" + ada.to();
        double droppedBefore = dropped();
        try (Socket slow = new Socket();
                SseClient fast = SseClient.open(api, port, path, ada.key(), null)) {
            slow.setReceiveBufferSize(1024);
            slow.connect(new InetSocketAddress("localhost", port));
            OutputStream request = slow.getOutputStream();
            request.write(("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nAccept: text/event-stream\r\n"
                            + "Authorization: Bearer " + ada.key() + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            request.flush();
            // Never read from the slow socket from here on.
            Thread.sleep(300);

            long started = System.nanoTime();
            for (int i = 1; i <= DEPOSITS; i++) {
                api.deposit(ada.to(), i); // each one committed before the next
            }
            Duration depositing = Duration.ofNanos(System.nanoTime() - started);

            List<Message> received = fast.events(DEPOSITS, Duration.ofSeconds(20));
            assertThat(received)
                    .extracting(event -> event.json().path("amount").asLong())
                    .as("the fast subscriber got every event, in order")
                    .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, DEPOSITS)
                            .boxed()
                            .toList());
            assertThat(dropped() - droppedBefore)
                    .as("the slow subscriber was dropped")
                    .isEqualTo(1);
            assertThat(subscribers())
                    .as("only the fast subscriber is still registered")
                    .isEqualTo(1);
            // Deposits one after another, each waiting for its commit: the slow reader cost them nothing
            // that a test could see beyond noise (a blocked ledger would have timed them out at 10 s).
            assertThat(depositing).isLessThan(Duration.ofSeconds(30));
        }
    }

    private double dropped() {
        return meters.get("bursar.events.dropped")
                .tag("reason", "slow")
                .counter()
                .count();
    }

    private double subscribers() {
        return meters.get("bursar.events.subscribers")
                .tag("transport", "sse")
                .gauge()
                .value();
    }
}
