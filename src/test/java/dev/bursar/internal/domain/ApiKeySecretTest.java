package dev.bursar.internal.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ApiKeySecretTest {

    private final SecureRandom random = new SecureRandom();

    @Test
    void secretIsPrefixPlus32RandomBytes() {
        String secret = ApiKeySecret.generate(random);

        assertThat(secret).startsWith("bsr_").matches("bsr_[A-Za-z0-9_-]{43}");
        assertThat(Base64.getUrlDecoder().decode(secret.substring(4))).hasSize(32);
    }

    @Test
    void secretsDoNotRepeat() {
        Set<String> secrets = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            secrets.add(ApiKeySecret.generate(random));
        }
        assertThat(secrets).hasSize(1000);
    }

    @Test
    void displayPrefixIsTheFirstTwelveCharacters() {
        assertThat(ApiKeySecret.displayPrefix("bsr_abcdefghijklmnop")).isEqualTo("bsr_abcdefgh");
    }

    @Test
    void hashIsSha256AndDependsOnEveryCharacter() {
        byte[] hash = ApiKeySecret.hash("bsr_abc");

        assertThat(hash).hasSize(32);
        assertThat(ApiKeySecret.hash("bsr_abc")).isEqualTo(hash);
        assertThat(ApiKeySecret.hash("bsr_abd")).isNotEqualTo(hash);
        // Known SHA-256 of "abc".
        assertThat(java.util.HexFormat.of().formatHex(ApiKeySecret.hash("abc")))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }
}
