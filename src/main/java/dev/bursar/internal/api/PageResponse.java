package dev.bursar.internal.api;

import java.util.List;

/** One page of a list: {@code next_cursor} is null on the last page. */
public record PageResponse<T>(List<T> data, String nextCursor) {
}
