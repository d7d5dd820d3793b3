package dev.bursar.internal.repository;

import java.sql.Types;
import java.util.stream.Stream;
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

    /** A text array (PostgreSQL casts it to the column's type: uuid[], timestamptz[], ...). */
    static SqlParameterValue sql(Stream<String> values) {
        return sql(values.toArray(String[]::new));
    }
}
