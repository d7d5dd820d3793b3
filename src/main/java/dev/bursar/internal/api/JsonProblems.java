package dev.bursar.internal.api;

import org.springframework.http.converter.HttpMessageNotReadableException;
import tools.jackson.databind.DatabindException;

/** Explains unreadable JSON by field, without echoing internals such as Java class names. */
final class JsonProblems {

    private JsonProblems() {}

    /** {@code " (at field 'owner_id')"} when the failing field is known, else empty. */
    static String where(HttpMessageNotReadableException e) {
        if (e.getCause() instanceof DatabindException databind
                && !databind.getPath().isEmpty()) {
            return " (at field '" + path(databind) + "')";
        }
        return "";
    }

    /** The JSON path of the failing value as written: {@code name}, {@code metadata.note}, {@code tags[1]}. */
    static String path(DatabindException e) {
        StringBuilder path = new StringBuilder();
        for (var ref : e.getPath()) {
            if (ref.getPropertyName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(ref.getPropertyName());
            } else {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    static String snakeCase(String javaName) {
        return javaName.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(java.util.Locale.ROOT);
    }
}
