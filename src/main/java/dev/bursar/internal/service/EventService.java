package dev.bursar.internal.service;

import dev.bursar.internal.config.BursarProperties;
import dev.bursar.internal.domain.Account;
import dev.bursar.internal.domain.ApiKeySecret;
import dev.bursar.internal.domain.Caller;
import dev.bursar.internal.domain.DomainException;
import dev.bursar.internal.domain.ErrorCode;
import dev.bursar.internal.domain.Event;
import dev.bursar.internal.domain.EventSelection;
import dev.bursar.internal.domain.Keyset;
import dev.bursar.internal.domain.Page;
import dev.bursar.internal.domain.PageRequest;
import dev.bursar.internal.repository.AccountRepository;
import dev.bursar.internal.repository.EventRepository;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;

/**
 * Who may follow which accounts' events, from where, and the tickets that stand in for an API key
 * where a browser cannot send one. Streams are served by {@link EventStream}s that the
 * {@link EventHub} feeds; this service opens them and ends those whose key was revoked.
 */
@Service
public class EventService {

    private static final Logger log = LoggerFactory.getLogger(EventService.class);
    private static final Duration TICKET_VALIDITY = Duration.ofSeconds(30);
    private static final String TICKET_PREFIX = "evt_";
    private static final int CLEANUP_BATCH = 10_000;

    /** A ticket as issued: the secret (shown once) and when it stops working. */
    public record Ticket(String ticket, Instant expiresAt) {}

    private final EventRepository events;
    private final AccountRepository accounts;
    private final EventHub hub;
    private final BacklogReads backlog;
    private final BursarProperties.Events settings;
    private final SecureRandom random = new SecureRandom();

    public EventService(
            EventRepository events,
            AccountRepository accounts,
            EventHub hub,
            BacklogReads backlog,
            BursarProperties properties) {
        this.events = events;
        this.accounts = accounts;
        this.hub = hub;
        this.backlog = backlog;
        this.settings = properties.events();
    }

    /**
     * Opens a stream of the selected accounts' events (all the caller may see when none is named)
     * after {@code after}, or from now when it is empty. A foreign or unknown account is 404; a
     * position retention has passed is 410.
     */
    public EventStream open(Caller caller, List<UUID> accountIds, OptionalLong after, String transport) {
        EventSelection selection = select(caller, accountIds);
        long start = after.isPresent() ? resumable(after.getAsLong()) : 0;
        EventStream stream =
                new EventStream(caller, selection, transport, start, settings.clientBuffer(), backlog, hub);
        if (after.isEmpty()) {
            // From now: no table to read, the hub brings everything that commits from here on.
            hub.register(stream);
            stream.liveAfter(hub.published());
        }
        return stream;
    }

    /** A page of the selected accounts' stored events, oldest first, for clients that poll. */
    public Page<Event> page(Caller caller, List<UUID> accountIds, long after, PageRequest page) {
        EventSelection selection = select(caller, accountIds);
        long from = page.after().map(k -> ((Keyset.BySeq) k).seq()).orElseGet(() -> resumable(after));
        return Page.of(events.after(from, selection, page.limit() + 1), page.limit(), e -> new Keyset.BySeq(e.seq()));
    }

    private EventSelection select(Caller caller, List<UUID> accountIds) {
        if (accountIds.isEmpty()) {
            return caller.isAdmin() ? new EventSelection.All() : new EventSelection.OwnedBy(caller.userId());
        }
        Set<UUID> wanted = Set.copyOf(accountIds);
        List<Account> found = accounts.findAllById(wanted);
        if (found.size() != wanted.size() || !found.stream().allMatch(account -> account.isVisibleTo(caller))) {
            throw DomainException.notFound("account");
        }
        return new EventSelection.Accounts(wanted);
    }

    /** The position itself, unless retention deleted events after it (0: the oldest kept). */
    private long resumable(long after) {
        if (after < 0) {
            throw DomainException.invalid("after", "must be a seq (0 or more)");
        }
        if (after == 0) {
            return 0;
        }
        if (after < events.horizon()) {
            throw new DomainException(
                    ErrorCode.EVENTS_EXPIRED,
                    "events after " + after + " are no longer kept (retention " + settings.retention()
                            + "); start again from the oldest kept (after=0) or from now");
        }
        return after;
    }

    /** A single-use ticket, valid for 30 s, standing for this caller and its key. */
    public Ticket issueTicket(Caller caller) {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String ticket = TICKET_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        Instant expiresAt = events.issueTicket(ApiKeySecret.hash(ticket), caller, TICKET_VALIDITY);
        return new Ticket(ticket, expiresAt);
    }

    /** The caller a ticket stands for, using it up; empty when it is unknown, used, expired or its key revoked. */
    public Optional<Caller> redeemTicket(String ticket) {
        if (!ticket.startsWith(TICKET_PREFIX) || ticket.length() > 100) {
            return Optional.empty();
        }
        return events.redeemTicket(ApiKeySecret.hash(ticket));
    }

    /** Ends, within a second or so, every stream on this replica whose API key was revoked (on any replica). */
    @Scheduled(fixedDelayString = "PT1S", initialDelayString = "PT1S")
    public void endStreamsOfRevokedKeys() {
        List<EventStream> open = hub.streams();
        if (open.isEmpty()) {
            return;
        }
        try {
            Set<UUID> revoked = events.revokedAmong(
                    open.stream().map(stream -> stream.caller().apiKeyId()).collect(Collectors.toSet()));
            open.stream()
                    .filter(stream -> revoked.contains(stream.caller().apiKeyId()))
                    .forEach(stream -> hub.end(stream, EventStream.End.REVOKED));
        } catch (RuntimeException e) {
            log.atWarn().setCause(e).log("cannot check the keys of open event streams");
        }
    }

    /** Deletes events past retention, and expired tickets. */
    @Scheduled(fixedDelayString = "PT1M", initialDelayString = "PT1M")
    public void deleteExpired() {
        try {
            int deleted;
            do {
                deleted = events.deleteOlderThan(settings.retention(), CLEANUP_BATCH);
                if (deleted > 0) {
                    log.atInfo().addKeyValue("deleted", deleted).log("events past retention deleted");
                }
            } while (deleted == CLEANUP_BATCH);
            events.deleteExpiredTickets();
        } catch (RuntimeException e) {
            log.atWarn().setCause(e).log("cannot delete expired events");
        }
    }
}
