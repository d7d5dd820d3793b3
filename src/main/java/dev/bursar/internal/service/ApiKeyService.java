package dev.bursar.internal.service;

import dev.bursar.internal.domain.ApiKey;
import dev.bursar.internal.domain.ApiKeySecret;
import dev.bursar.internal.domain.Caller;
import dev.bursar.internal.domain.DomainException;
import dev.bursar.internal.domain.Ids;
import dev.bursar.internal.domain.IssuedApiKey;
import dev.bursar.internal.domain.Keyset;
import dev.bursar.internal.domain.Page;
import dev.bursar.internal.domain.PageRequest;
import dev.bursar.internal.repository.ApiKeyRepository;
import dev.bursar.internal.repository.ApiKeyRepository.ActiveKey;
import dev.bursar.internal.repository.UserRepository;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Issuing, listing and revoking API keys, and recognising them on every request. */
@Service
public class ApiKeyService {

    /** {@code last_used_at} is kept to this resolution, so a busy key is not written on every request. */
    static final Duration LAST_USE_RESOLUTION = Duration.ofMinutes(1);

    private final ApiKeyRepository keys;
    private final UserRepository users;
    private final ApiKeyCache cache;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    public ApiKeyService(ApiKeyRepository keys, UserRepository users, ApiKeyCache cache, Clock clock) {
        this.keys = keys;
        this.users = users;
        this.cache = cache;
        this.clock = clock;
    }

    /**
     * The caller a presented secret stands for, or empty when the secret is unknown or revoked.
     * Known keys are remembered for a second ({@link ApiKeyCache}); unknown ones never are.
     */
    public Optional<Caller> authenticate(String secret) {
        if (secret.isEmpty() || secret.length() > ApiKeySecret.MAX_LENGTH) {
            return Optional.empty();
        }
        byte[] hash = ApiKeySecret.hash(secret);
        Optional<ActiveKey> found = cache.get(hash, keys::findActiveByHash);
        found.ifPresent(key -> {
            ActiveKey used = recordUse(key);
            if (!used.equals(key)) {
                cache.update(hash, key, used);
            }
        });
        return found.map(key -> new Caller(key.userId(), key.role(), key.keyId()));
    }

    /**
     * Whether the secret is a key this instance already remembers as active, answered without any
     * database work; false means "not known here", not "invalid".
     */
    public boolean isKnownActive(String secret) {
        return !secret.isEmpty()
                && secret.length() <= ApiKeySecret.MAX_LENGTH
                && cache.remembers(ApiKeySecret.hash(secret));
    }

    @Transactional
    public IssuedApiKey issue(Caller caller, UUID userId, Optional<String> name) {
        requireVisibleUser(caller, userId);
        String secret = ApiKeySecret.generate(random);
        ApiKey key = new ApiKey(
                Ids.newId(),
                userId,
                name.orElse(null),
                ApiKeySecret.displayPrefix(secret),
                Timestamps.now(clock),
                null);
        keys.insert(key, ApiKeySecret.hash(secret));
        return new IssuedApiKey(key, secret);
    }

    @Transactional(readOnly = true)
    public Page<ApiKey> list(Caller caller, UUID userId, PageRequest page) {
        requireVisibleUser(caller, userId);
        return Page.of(
                keys.pageActive(userId, page), page.limit(), key -> new Keyset.ByCreation(key.createdAt(), key.id()));
    }

    public ApiKey get(Caller caller, UUID userId, UUID keyId) {
        if (!caller.mayActFor(userId)) {
            throw DomainException.notFound("API key");
        }
        return keys.findActive(userId, keyId).orElseThrow(() -> DomainException.notFound("API key"));
    }

    public void revoke(Caller caller, UUID userId, UUID keyId) {
        if (!caller.mayActFor(userId) || !keys.revoke(userId, keyId, Timestamps.now(clock))) {
            throw DomainException.notFound("API key");
        }
        cache.forgetKey(keyId);
    }

    /** Writes {@code last_used_at} when the stored one is older than the resolution; returns the key as stored. */
    private ActiveKey recordUse(ActiveKey key) {
        Instant now = Timestamps.now(clock);
        Instant staleBefore = now.minus(LAST_USE_RESOLUTION);
        if (key.lastUsedAt() != null && !key.lastUsedAt().isBefore(staleBefore)) {
            return key;
        }
        keys.recordUse(key.keyId(), now, staleBefore);
        return new ActiveKey(key.keyId(), key.userId(), key.role(), now);
    }

    private void requireVisibleUser(Caller caller, UUID userId) {
        if (!caller.mayActFor(userId) || users.findById(userId).isEmpty()) {
            throw DomainException.notFound("user");
        }
    }
}
