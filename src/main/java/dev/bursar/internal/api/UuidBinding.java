package dev.bursar.internal.api;

import dev.bursar.internal.domain.Ids;
import java.beans.PropertyEditorSupport;
import java.util.UUID;
import org.springframework.web.bind.WebDataBinder;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.InitBinder;

/**
 * Ids in paths and query parameters are UUIDs in their RFC 9562 text form, nothing looser. A
 * converter alone would not do: when conversion fails, Spring falls back to its default UUID
 * editor, which trims blanks and reads {@code 1-1-1-1-1}. A failed id is 400 malformed_request.
 */
@ControllerAdvice
public class UuidBinding {

    @InitBinder
    void strictUuids(WebDataBinder binder) {
        binder.registerCustomEditor(UUID.class, new StrictUuidEditor());
    }

    private static final class StrictUuidEditor extends PropertyEditorSupport {

        @Override
        public void setAsText(String text) {
            setValue(Ids.parse(text));
        }
    }
}
