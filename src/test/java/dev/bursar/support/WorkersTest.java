package dev.bursar.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class WorkersTest {

    @Test
    void anAssertionOnAWorkerFailsTheCallerWhenTheWorkersClose() {
        AtomicInteger finished = new AtomicInteger();
        assertThatThrownBy(() -> {
                    try (Workers workers = new Workers()) {
                        workers.submit(() -> finished.incrementAndGet());
                        workers.submit(() -> {
                            throw new AssertionError("not described");
                        });
                    }
                })
                .isInstanceOf(AssertionError.class)
                .hasMessage("not described");
        assertThat(finished).as("the other workers ran to the end").hasValue(1);
    }

    @Test
    void workersThatSucceedCloseQuietly() {
        AtomicInteger finished = new AtomicInteger();
        try (Workers workers = new Workers()) {
            for (int i = 0; i < 3; i++) {
                workers.submit(finished::incrementAndGet);
            }
        }
        assertThat(finished).hasValue(3);
    }
}
