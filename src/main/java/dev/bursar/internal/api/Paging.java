package dev.bursar.internal.api;

import dev.bursar.internal.domain.Keyset;
import dev.bursar.internal.domain.Page;
import dev.bursar.internal.domain.PageRequest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/**
 * Keyset pagination on the wire: {@code ?limit=} and {@code ?cursor=} in, {@code next_cursor} out.
 * A cursor is opaque to clients and names the list and filters it belongs to, so a cursor
 * reused on another list is refused instead of silently paging the wrong thing.
 */
final class Paging {

    private static final String VERSION = "1";
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

    private Paging() {}

    /**
     * A page of a list ordered by creation time.
     *
     * @param list identifies the list and its filters, e.g. {@code users} or {@code api-keys:<user id>}
     */
    static PageRequest request(String limit, String cursor, String list) {
        return new PageRequest(
                limit(limit), Optional.ofNullable(cursor).map(c -> decode(c, list, Keyset.ByCreation.class)));
    }

    /** A page of an account's journal, newest first. */
    static PageRequest journalRequest(String limit, String cursor, String list) {
        return new PageRequest(
                limit(limit), Optional.ofNullable(cursor).map(c -> decode(c, list, Keyset.ByEntryNo.class)));
    }

    /** A page of the event log, oldest first. */
    static PageRequest eventRequest(String limit, String cursor, String list) {
        return new PageRequest(limit(limit), Optional.ofNullable(cursor).map(c -> decode(c, list, Keyset.BySeq.class)));
    }

    static <T, R> PageResponse<R> response(Page<T> page, String list, Function<T, R> mapper) {
        List<R> data = page.items().stream().map(mapper).toList();
        return new PageResponse<>(
                data, page.next().map(next -> encode(next, list)).orElse(null));
    }

    private static int limit(String limit) {
        if (limit == null) {
            return PageRequest.DEFAULT_LIMIT;
        }
        try {
            int value = Integer.parseInt(limit);
            if (value >= 1 && value <= PageRequest.MAX_LIMIT) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new InvalidRequestException("limit", "must be an integer between 1 and " + PageRequest.MAX_LIMIT);
    }

    static String encode(Keyset keyset, String list) {
        String position = switch (keyset) {
            case Keyset.ByCreation c -> c.createdAt() + "|" + c.id();
            case Keyset.ByEntryNo e -> Long.toString(e.entryNo());
            case Keyset.BySeq e -> Long.toString(e.seq());
        };
        String plain = String.join("|", VERSION, list, position);
        return ENCODER.encodeToString(plain.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Reads back only what {@link #encode} writes: each part in the exact spelling it was written
     * in, and a position that {@link Keyset} admits. A client may edit a cursor; an edited one is
     * refused here rather than read as something else or handed to the database.
     */
    private static Keyset decode(String cursor, String list, Class<? extends Keyset> type) {
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split("\\|", -1);
            if (parts[0].equals(VERSION) && parts[1].equals(list)) {
                if (type == Keyset.ByCreation.class && parts.length == 4) {
                    return new Keyset.ByCreation(
                            exactly(parts[2], Instant::parse), exactly(parts[3], UUID::fromString));
                }
                if (type == Keyset.ByEntryNo.class && parts.length == 3) {
                    return new Keyset.ByEntryNo(exactly(parts[2], Long::valueOf));
                }
                if (type == Keyset.BySeq.class && parts.length == 3) {
                    return new Keyset.BySeq(exactly(parts[2], Long::valueOf));
                }
            }
        } catch (RuntimeException e) {
            // not one of ours, or a position no row holds: reported below
        }
        throw new InvalidRequestException("cursor", "is not a cursor of this list");
    }

    /** The parsed value, if {@code text} is how it is written ({@code 1-1-1-1-1} parses as a UUID, but is not one). */
    private static <T> T exactly(String text, Function<String, T> parser) {
        T value = parser.apply(text);
        if (!value.toString().equals(text)) {
            throw new IllegalArgumentException("not in canonical form: " + text);
        }
        return value;
    }
}
