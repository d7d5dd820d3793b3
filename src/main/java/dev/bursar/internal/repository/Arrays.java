package dev.bursar.internal.repository;

import java.sql.Types;
import java.util.Collection;
import java.util.function.Function;
import org.springframework.jdbc.core.SqlParameterValue;

/**
 * SQL array parameters. Spring expands a plain Java array into a list of parameters (for IN);
 * wrapped like this, the driver sends one array, so a statement is the same whatever its length.
 */
final class Arrays {

    private Arrays() {}

    static SqlParameterValue sql(Object array) {
        return new SqlParameterValue(Types.ARRAY, array);
    }

    /**
     * One column of many rows, as a text array for {@code CAST(:name AS <type>[])}: uuids, numbers
     * and instants in their standard text forms, which PostgreSQL reads exactly; nulls stay null.
     */
    static <T> SqlParameterValue column(Collection<T> rows, Function<T, Object> value) {
        return sql(rows.stream()
                .map(value)
                .map(v -> v == null ? null : v.toString())
                .toArray(String[]::new));
    }
}
