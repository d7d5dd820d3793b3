package dev.bursar.internal.service;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import dev.bursar.internal.repository.ApiKeyRepository.ActiveKey;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Future;
import java.util.function.Function;
import org.springframework.stereotype.Component;

/**
 * Recently seen API keys, for one second: a busy client is authenticated without a database
 * round trip per request. Revocations, role changes and deletions made through this instance
 * take effect at once; those made through another replica within the second.
 */
@Component
public class ApiKeyCache {

    static final Duration TIME_TO_LIVE = Duration.ofSeconds(1);

    // Expiry counts from the load only: an entry refreshed while in use must still expire in time.
    // Asynchronous, so that concurrent requests share one load's outcome, failure included: a
    // synchronous cache would let each waiting request retry the load in turn (during a database
    // outage, one connection timeout after another).
    private final AsyncCache<String, ActiveKey> keysByHash = Caffeine.newBuilder()
            .expireAfter(Expiry.<String, ActiveKey>creating((hash, key) -> TIME_TO_LIVE))
            .maximumSize(100_000)
            // Loads run on their own virtual thread, so the cache installs the shared future at once.
            .executor(task -> Thread.ofVirtual().name("api-key-load").start(task))
            .buildAsync();

    /**
     * The remembered key, or else the one {@code load} finds (then remembered). Concurrent
     * requests with the same unremembered key wait for one load instead of each querying.
     */
    Optional<ActiveKey> get(byte[] keyHash, Function<byte[], Optional<ActiveKey>> load) {
        try {
            return Optional.ofNullable(keysByHash.get(HexFormat.of().formatHex(keyHash),
                    hash -> load.apply(keyHash).orElse(null)).join());
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }

    /** Whether an active key with this hash is remembered right now; never loads. */
    boolean remembers(byte[] keyHash) {
        CompletableFuture<ActiveKey> key = keysByHash.getIfPresent(HexFormat.of().formatHex(keyHash));
        return key != null && key.state() == Future.State.SUCCESS && key.resultNow() != null;
    }

    /** Replaces a remembered key (its last use changed) without extending how long it is remembered. */
    void update(byte[] keyHash, ActiveKey key) {
        keysByHash.synchronous().asMap().computeIfPresent(HexFormat.of().formatHex(keyHash), (hash, old) -> key);
    }

    void forgetKey(UUID keyId) {
        keysByHash.synchronous().asMap().values().removeIf(key -> key.keyId().equals(keyId));
    }

    void forgetUser(UUID userId) {
        keysByHash.synchronous().asMap().values().removeIf(key -> key.userId().equals(userId));
    }
}
