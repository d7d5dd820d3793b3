package dev.bursar.internal.repository;

import java.sql.Types;
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
}
