package dev.bursar.internal.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bursar.internal.api.ProblemAwareNegotiation.ProblemReaderAcceptsJson;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.http.MediaType;

class ProblemAwareNegotiationTest {

    @ParameterizedTest(name = "Accept: {0} -> {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "application/problem+json                      | application/problem+json, application/json",
                "application/problem+json;q=0.5                | application/problem+json;q=0.5, application/json;q=0.5",
                "text/html, application/problem+json           | text/html, application/problem+json, application/json",
                "application/problem+json, application/json    | application/problem+json, application/json",
                "application/problem+json, */*                 | application/problem+json, */*",
                "application/problem+json;q=0                  | application/problem+json;q=0",
                "application/json                              | application/json",
                "text/html                                     | text/html"
            })
    void aProblemReaderAlsoAcceptsJsonAfterWhatItNamed(String accept, String resolved) {
        assertThat(ProblemReaderAcceptsJson.withJsonForProblemReaders(MediaType.parseMediaTypes(accept)))
                .isEqualTo(MediaType.parseMediaTypes(resolved));
    }
}
