package dev.bursar.internal.service;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import dev.bursar.internal.repository.ApiKeyRepository.ActiveKey;
import java.time.Duration;
import java.util.Collection;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.function.Predicate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Recently seen API keys, for one second: a busy client is authenticated without a database
 * round trip per request. Revocations, role changes and deletions made through this instance
 * take effect as soon as they commit; those made through another replica within the second.
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
            return Optional.ofNullable(keysByHash
                    .get(
                            HexFormat.of().formatHex(keyHash),
                            hash -> load.apply(keyHash).orElse(null))
                    .join());
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }

    /** Whether an active key with this hash is remembered right now; never loads. */
    boolean remembers(byte[] keyHash) {
        CompletableFuture<ActiveKey> key =
                keysByHash.getIfPresent(HexFormat.of().formatHex(keyHash));
        return key != null && key.state() == Future.State.SUCCESS && key.resultNow() != null;
    }

    /**
     * Replaces a remembered key (its last use changed) without extending how long it is
     * remembered, unless what is remembered is no longer {@code seen}: a request must not put back
     * what a revocation or role change has since replaced.
     */
    void update(byte[] keyHash, ActiveKey seen, ActiveKey used) {
        keysByHash
                .asMap()
                .computeIfPresent(
                        HexFormat.of().formatHex(keyHash),
                        (hash, remembered) ->
                                remembered.state() == Future.State.SUCCESS && seen.equals(remembered.resultNow())
                                        ? CompletableFuture.completedFuture(used)
                                        : remembered);
    }

    /** Forgets the key once the current transaction commits (at once outside a transaction). */
    void forgetKey(UUID keyId) {
        forgetKeys(Set.of(keyId));
    }

    /** Forgets the keys once the current transaction commits (at once outside a transaction). */
    void forgetKeys(Collection<UUID> keyIds) {
        if (!keyIds.isEmpty()) {
            Set<UUID> forgotten = Set.copyOf(keyIds);
            afterCommit(() -> forget(key -> forgotten.contains(key.keyId())));
        }
    }

    /** Forgets the user's keys once the current transaction commits (at once outside a transaction). */
    void forgetUser(UUID userId) {
        afterCommit(() -> forget(key -> key.userId().equals(userId)));
    }

    /**
     * Before the commit other transactions still read the old state and could cache it again, so
     * the change is forgotten only once it is visible to every load that starts afterwards.
     */
    private static void afterCommit(Runnable forget) {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    forget.run();
                }
            });
        } else {
            forget.run();
        }
    }

    /**
     * Drops the matching keys and every load still in flight: a load may have read the database
     * before the change committed, and must not install what it read. Its waiting requests still
     * get its result; they began before the change.
     */
    private void forget(Predicate<ActiveKey> stale) {
        ConcurrentMap<String, CompletableFuture<ActiveKey>> entries = keysByHash.asMap();
        Predicate<CompletableFuture<ActiveKey>> drop =
                entry -> !entry.isDone() || (entry.state() == Future.State.SUCCESS && stale.test(entry.resultNow()));
        entries.forEach((hash, entry) -> {
            if (drop.test(entry)) {
                // Decided again under the entry's lock: a request may have just refreshed it (update).
                entries.computeIfPresent(hash, (same, current) -> drop.test(current) ? null : current);
            }
        });
    }
}
