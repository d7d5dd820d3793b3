package dev.bursar.internal.domain;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/** One page of a keyset-paginated list; {@code next} is where the following page starts, if any. */
public record Page<T>(List<T> items, Optional<Keyset> next) {

    /** Builds a page from up to {@code limit + 1} rows: the extra row only proves there is more. */
    public static <T> Page<T> of(List<T> rows, int limit, Function<T, Keyset> keyOf) {
        if (rows.size() <= limit) {
            return new Page<>(List.copyOf(rows), Optional.empty());
        }
        List<T> items = List.copyOf(rows.subList(0, limit));
        return new Page<>(items, Optional.of(keyOf.apply(items.getLast())));
    }

    public <R> Page<R> map(Function<T, R> mapper) {
        return new Page<>(items.stream().map(mapper).toList(), next);
    }
}
