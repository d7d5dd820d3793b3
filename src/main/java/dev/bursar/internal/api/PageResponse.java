package dev.bursar.internal.api;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/** One page of a list: {@code next_cursor} is null on the last page. */
public record PageResponse<T>(
        List<T> data,

        @Schema(
                types = {"string", "null"},
                description = "opaque; pass it as `cursor` for the next page; null on the last page",
                example =
                        "MXxhY2NvdW50czo6fDIwMjYtMTEtMjJUMjI6Mjk6MzYuMzk1WnwwMWEyMDU2MS0wZTBiLTc2OWYtOTdiZi00ZTMzZjVjODU2ODY")
        String nextCursor) {}
