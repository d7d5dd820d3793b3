package dev.bursar.internal.api;

import tools.jackson.core.JsonParser;
import tools.jackson.databind.exc.MismatchedInputException;

/**
 * A JSON string that is valid JSON but not text Bursar stores exactly as sent: an unpaired
 * surrogate (which JSON may carry as a backslash-u escape) or a control character. Jackson adds the
 * path of the field as the failure travels up; the problem names that field in a
 * {@code validation_failed}.
 */
class InvalidTextException extends MismatchedInputException {

    InvalidTextException(JsonParser parser) {
        super(parser, PlainText.MESSAGE, String.class);
    }
}
