package dev.bursar.internal.api;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.stereotype.Component;

/**
 * {@code GET /api/v1/events} has two representations served by two handler methods (a page of
 * JSON, a Server-Sent Events stream); OpenAPI has one operation per path and method, so the
 * stream is documented as the second content type of the page's operation.
 */
@Component
class EventStreamContent implements OpenApiCustomizer {

    @Override
    public void customise(OpenAPI openApi) {
        if (openApi.getPaths() == null) {
            return;
        }
        PathItem events = openApi.getPaths().get("/api/v1/events");
        if (events == null || events.getGet() == null || events.getGet().getResponses() == null) {
            return;
        }
        ApiResponse ok = events.getGet().getResponses().get("200");
        if (ok != null && ok.getContent() != null) {
            ok.getContent()
                    .addMediaType(
                            org.springframework.http.MediaType.TEXT_EVENT_STREAM_VALUE,
                            new MediaType()
                                    .schema(new StringSchema()
                                            .description("events as `id: <seq>`, `event: <type>`, "
                                                    + "`data: <Event JSON>`, and `: keepalive` comments"))
                                    .example("id: 42\nevent: entry.posted\ndata: {\"seq\": 42, \"type\": "
                                            + "\"entry.posted\", ...}\n\n"));
        }
    }
}
