package dev.bursar.internal.service;

import dev.bursar.internal.config.AdminEmailNotAnAdminException;
import dev.bursar.internal.config.BursarProperties;
import dev.bursar.internal.domain.ApiKey;
import dev.bursar.internal.domain.ApiKeySecret;
import dev.bursar.internal.domain.Ids;
import dev.bursar.internal.domain.Role;
import dev.bursar.internal.domain.User;
import dev.bursar.internal.repository.ApiKeyRepository;
import dev.bursar.internal.repository.ApiKeyRepository.StoredKey;
import dev.bursar.internal.repository.UserRepository;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * When {@code BURSAR_ADMIN_API_KEY} is set, installs it as the key of the admin user with the
 * email bursar.security.admin-email (created if no user has it) before the service reports ready,
 * and retires the bootstrap keys installed before it. Safe to run on every start and on several
 * replicas at once. It never raises a user's role and never gives an existing key another holder
 * or back its validity: a bootstrap key that was revoked, or whose user was deleted, stays retired.
 */
@Component
public class AdminBootstrap implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(AdminBootstrap.class);

    private final BursarProperties.Security settings;
    private final UserRepository users;
    private final ApiKeyRepository keys;
    private final ApiKeyCache cache;
    private final Clock clock;

    public AdminBootstrap(
            BursarProperties properties, UserRepository users, ApiKeyRepository keys, ApiKeyCache cache, Clock clock) {
        this.settings = properties.security();
        this.users = users;
        this.keys = keys;
        this.cache = cache;
        this.clock = clock;
    }

    /**
     * @throws AdminEmailNotAnAdminException when the admin email belongs to a user who is not an
     *         admin: the start fails rather than promote that user
     */
    @Override
    @Transactional
    public void run(ApplicationArguments args) {
        if (!settings.hasAdminApiKey()) {
            return;
        }
        keys.lockBootstrap();
        Optional<User> configured = users.findByEmail(settings.adminEmail());
        configured.ifPresent(this::requireAdmin);
        byte[] hash = ApiKeySecret.hash(settings.adminApiKey());
        Optional<StoredKey> existing = keys.findByHash(hash);
        boolean bootstrapKey = keys.isBootstrapKey(hash);
        if (existing.isEmpty() && bootstrapKey) {
            log.warn("BURSAR_ADMIN_API_KEY is a bootstrap key whose user was deleted; it stays retired:"
                    + " set a new BURSAR_ADMIN_API_KEY for a working admin key");
        } else if (existing.isPresent() && existing.get().revoked()) {
            log.atWarn()
                    .addKeyValue("api_key_id", existing.get().keyId())
                    .log("BURSAR_ADMIN_API_KEY was revoked and"
                            + " stays revoked: set a new BURSAR_ADMIN_API_KEY for a working admin key");
        } else if (existing.isPresent() && !bootstrapKey) {
            // A key issued through the API: it keeps its holder and that holder's role.
            log.atWarn()
                    .addKeyValue("user_id", existing.get().userId())
                    .log(
                            "BURSAR_ADMIN_API_KEY is a key issued"
                                    + " through the API and stays that user's key: set a new BURSAR_ADMIN_API_KEY for an admin key");
        } else if (existing.isPresent()) {
            if (configured.map(User::id).filter(existing.get().userId()::equals).isEmpty()) {
                log.atWarn()
                        .addKeyValue("user_id", existing.get().userId())
                        .log(
                                "the bootstrap key stays with its"
                                        + " holder, who no longer has bursar.security.admin-email: set a new BURSAR_ADMIN_API_KEY"
                                        + " to give {} a key",
                                settings.adminEmail());
            }
            retireOthers(hash);
        } else {
            install(hash);
            retireOthers(hash);
        }
    }

    private void install(byte[] hash) {
        Instant now = Timestamps.now(clock);
        users.insertIfEmailFree(new User(Ids.newId(), settings.adminEmail(), "Administrator", Role.ADMIN, now, now));
        User admin = users.findByEmail(settings.adminEmail()).orElseThrow();
        requireAdmin(admin);
        String secret = settings.adminApiKey();
        keys.insertBootstrapKey(
                new ApiKey(Ids.newId(), admin.id(), "bootstrap", ApiKeySecret.displayPrefix(secret), now, null), hash);
        log.atInfo().addKeyValue("user_id", admin.id()).log("bootstrap admin key is active for {}", admin.email());
    }

    /** Revokes the bootstrap keys installed before this one (a rotated BURSAR_ADMIN_API_KEY). */
    private void retireOthers(byte[] hash) {
        List<UUID> retired = keys.revokeBootstrapKeysExcept(hash, Timestamps.now(clock));
        if (!retired.isEmpty()) {
            cache.forgetKeys(retired);
            log.atInfo().addKeyValue("api_key_ids", retired).log("{} earlier bootstrap key(s) revoked", retired.size());
        }
    }

    private void requireAdmin(User user) {
        if (user.role() != Role.ADMIN) {
            throw new AdminEmailNotAnAdminException(settings.adminEmail(), user.id());
        }
    }
}
