package dev.bursar.internal.domain;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The rules for API key secrets: {@code bsr_} followed by 32 random bytes (base64url), recognised
 * by their first 12 characters and stored only as a SHA-256 hash. A fast hash is enough because
 * the secret has 256 bits of entropy: there is nothing to guess.
 */
public final class ApiKeySecret {

    public static final String PREFIX = "bsr_";
    public static final int RANDOM_BYTES = 32;
    public static final int DISPLAY_PREFIX_LENGTH = 12;
    /** Anything longer cannot be a key; refused before hashing. */
    public static final int MAX_LENGTH = 256;

    private ApiKeySecret() {}

    public static String generate(SecureRandom random) {
        byte[] bytes = new byte[RANDOM_BYTES];
        random.nextBytes(bytes);
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    public static String displayPrefix(String secret) {
        return secret.substring(0, Math.min(DISPLAY_PREFIX_LENGTH, secret.length()));
    }

    public static byte[] hash(String secret) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
