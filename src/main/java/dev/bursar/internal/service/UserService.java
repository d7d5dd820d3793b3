package dev.bursar.internal.service;

import dev.bursar.internal.config.BursarProperties;
import dev.bursar.internal.domain.Caller;
import dev.bursar.internal.domain.DomainException;
import dev.bursar.internal.domain.ErrorCode;
import dev.bursar.internal.domain.Ids;
import dev.bursar.internal.domain.Keyset;
import dev.bursar.internal.domain.Page;
import dev.bursar.internal.domain.PageRequest;
import dev.bursar.internal.domain.Role;
import dev.bursar.internal.domain.User;
import dev.bursar.internal.repository.UserRepository;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Who may see and change which users. A user sees only itself; admins see everyone. */
@Service
public class UserService {

    /** What a caller asks to change; {@code role} may only be sent by an admin. */
    public record UserChanges(String email, String name, Optional<Role> role) {}

    private final UserRepository users;
    private final ApiKeyCache apiKeys;
    private final BursarProperties.Security security;
    private final Clock clock;

    public UserService(UserRepository users, ApiKeyCache apiKeys, BursarProperties properties, Clock clock) {
        this.users = users;
        this.apiKeys = apiKeys;
        this.security = properties.security();
        this.clock = clock;
    }

    public User create(Caller caller, String email, String name, Role role) {
        requireAdmin(caller, "only admins create users");
        Instant now = Timestamps.now(clock);
        User user = new User(Ids.newId(), email, name, role, now, now);
        requireAdminForAdminEmail(user);
        if (!users.insertIfEmailFree(user)) {
            throw emailTaken();
        }
        return user;
    }

    public Page<User> list(Caller caller, PageRequest page) {
        requireAdmin(caller, "only admins list users");
        return Page.of(users.page(page), page.limit(), UserService::keyset);
    }

    public User get(Caller caller, UUID id) {
        if (!caller.mayActFor(id)) {
            throw DomainException.notFound("user");
        }
        return users.findById(id).orElseThrow(() -> DomainException.notFound("user"));
    }

    public User me(Caller caller) {
        return get(caller, caller.userId());
    }

    @Transactional
    public User update(Caller caller, UUID id, UserChanges changes) {
        if (changes.role().isPresent()) {
            requireAdmin(caller, "only admins change roles");
        }
        User current = get(caller, id);
        User changed = new User(
                current.id(),
                changes.email(),
                changes.name(),
                changes.role().orElse(current.role()),
                current.createdAt(),
                Timestamps.now(clock));
        requireAdminForAdminEmail(changed);
        try {
            User updated = users.update(changed).orElseThrow(() -> DomainException.notFound("user"));
            apiKeys.forgetUser(id); // a new role applies from the commit on
            return updated;
        } catch (DuplicateKeyException e) {
            throw emailTaken();
        }
    }

    /** Deletes a user and its API keys; a user who owns accounts cannot be deleted (409 user_has_accounts). */
    public void delete(Caller caller, UUID id) {
        requireAdmin(caller, "only admins delete users");
        boolean deleted;
        try {
            deleted = users.delete(id);
        } catch (DataIntegrityViolationException e) {
            // The accounts' foreign key refuses: the ledger keeps every account and its owner.
            throw new DomainException(ErrorCode.USER_HAS_ACCOUNTS, "the user owns accounts");
        }
        if (!deleted) {
            throw DomainException.notFound("user");
        }
        apiKeys.forgetUser(id);
    }

    /**
     * With a bootstrap key configured, the bootstrap admin email (in any letter case) is an admin's:
     * start-up refuses to run while a user who is not an admin has it ({@link AdminBootstrap}).
     */
    private void requireAdminForAdminEmail(User user) {
        if (user.role() != Role.ADMIN
                && security.hasAdminApiKey()
                && users.sameEmail(user.email(), security.adminEmail())) {
            throw new DomainException(ErrorCode.EMAIL_TAKEN, "this email is reserved for the bootstrap admin");
        }
    }

    private static Keyset keyset(User user) {
        return new Keyset.ByCreation(user.createdAt(), user.id());
    }

    private static void requireAdmin(Caller caller, String detail) {
        if (!caller.isAdmin()) {
            throw DomainException.forbidden(detail);
        }
    }

    private static DomainException emailTaken() {
        return new DomainException(ErrorCode.EMAIL_TAKEN, "a user with this email already exists");
    }
}
