package dev.bursar.internal.api;

import dev.bursar.internal.service.EventService;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;

@Schema(description = "A single-use ticket for ?ticket= on the event stream, valid 30 s")
public record TicketResponse(
        @Schema(description = "shown once; pass it as ?ticket= within 30 s", example = "evt_3q2-7wQb0uYd...")
        String ticket,

        Instant expiresAt) {

    static TicketResponse from(EventService.Ticket ticket) {
        return new TicketResponse(ticket.ticket(), ticket.expiresAt());
    }
}
