package dev.bursar.internal.api;

import io.swagger.v3.core.converter.AnnotatedType;
import io.swagger.v3.oas.models.media.Schema;
import java.lang.annotation.Annotation;
import java.util.Arrays;
import org.springdoc.core.customizers.PropertyCustomizer;
import org.springframework.stereotype.Component;

/** Writes the schema of a property from its constraint annotation, so docs cannot drift from validation. */
@Component
class ConstraintSchemas implements PropertyCustomizer {

    @Override
    public Schema customize(Schema property, AnnotatedType type) {
        Annotation[] annotations = type.getCtxAnnotations();
        if (annotations != null && Arrays.stream(annotations).anyMatch(Name.class::isInstance)) {
            property.setMinLength(Name.MIN_LENGTH);
            property.setMaxLength(Name.MAX_LENGTH);
            property.setPattern(Name.PATTERN);
        }
        return property;
    }
}
