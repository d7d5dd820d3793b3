package dev.bursar.internal.service;

import dev.bursar.internal.config.BursarProperties;
import dev.bursar.internal.domain.ApiKey;
import dev.bursar.internal.domain.ApiKeySecret;
import dev.bursar.internal.domain.Ids;
import dev.bursar.internal.domain.Role;
import dev.bursar.internal.domain.User;
import dev.bursar.internal.repository.ApiKeyRepository;
import dev.bursar.internal.repository.UserRepository;
import java.time.Clock;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * When {@code BURSAR_ADMIN_API_KEY} is set, makes sure an admin user (bursar.security.admin-email)
 * holds exactly that key before the service reports ready. Safe to run on every start and on
 * several replicas at once.
 */
@Component
public class AdminBootstrap implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(AdminBootstrap.class);

    private final BursarProperties.Security settings;
    private final UserRepository users;
    private final ApiKeyRepository keys;
    private final Clock clock;

    public AdminBootstrap(BursarProperties properties, UserRepository users, ApiKeyRepository keys, Clock clock) {
        this.settings = properties.security();
        this.users = users;
        this.keys = keys;
        this.clock = clock;
    }

    @Override
    @Transactional
    public void run(ApplicationArguments args) {
        if (!settings.hasAdminApiKey()) {
            return;
        }
        Instant now = Timestamps.now(clock);
        users.insertIfEmailFree(new User(Ids.newId(), settings.adminEmail(), "Administrator", Role.ADMIN, now, now));
        User admin = users.findByEmail(settings.adminEmail()).orElseThrow();
        if (admin.role() != Role.ADMIN) {
            admin = users.update(new User(admin.id(), admin.email(), admin.name(), Role.ADMIN, admin.createdAt(), now))
                    .orElseThrow();
        }
        String secret = settings.adminApiKey();
        keys.upsertActive(new ApiKey(Ids.newId(), admin.id(), "bootstrap", ApiKeySecret.displayPrefix(secret), now, null),
                ApiKeySecret.hash(secret));
        log.atInfo().addKeyValue("user_id", admin.id()).log("bootstrap admin key is active for {}", admin.email());
    }
}
