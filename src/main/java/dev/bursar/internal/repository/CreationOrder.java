package dev.bursar.internal.repository;

import dev.bursar.internal.domain.Keyset;
import dev.bursar.internal.domain.PageRequest;
import java.util.UUID;

/** Keyset pages of lists ordered by {@code (created_at, id)}: users, API keys and accounts. */
final class CreationOrder {

    /**
     * Before every row: none was created before {@link Keyset.ByCreation#EARLIEST}, and the nil
     * UUID sorts before every id. The first page is then a page like the others.
     */
    private static final Keyset.ByCreation START = new Keyset.ByCreation(Keyset.ByCreation.EARLIEST, new UUID(0, 0));

    private CreationOrder() {}

    /** The position a page starts after. */
    static Keyset.ByCreation after(PageRequest page) {
        return page.after().map(Keyset.ByCreation.class::cast).orElse(START);
    }

    /** One row more than the page holds, which tells whether another page follows. */
    static int limit(PageRequest page) {
        return page.limit() + 1;
    }
}
