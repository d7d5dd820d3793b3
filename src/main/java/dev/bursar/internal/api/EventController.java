package dev.bursar.internal.api;

import dev.bursar.internal.config.BursarProperties;
import dev.bursar.internal.domain.Caller;
import dev.bursar.internal.domain.ErrorCode;
import dev.bursar.internal.domain.Ids;
import dev.bursar.internal.middleware.AcceptsTicket;
import dev.bursar.internal.service.EventHub;
import dev.bursar.internal.service.EventService;
import dev.bursar.internal.service.EventStream;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.server.ServerContainer;
import jakarta.websocket.server.ServerEndpointConfig;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import tools.jackson.databind.json.JsonMapper;

@Tag(name = "Events")
@RestController
public record EventController(EventService events, EventHub hub, JsonMapper json, BursarProperties properties) {

    private static final String PATH = "/api/v1/events";
    private static final String WEBSOCKET_PATH = "/api/v1/events/ws";

    /** Documented with {@link #list}: one path and method, two representations (EventStreamContent). */
    @Operation(hidden = true)
    @AcceptsTicket
    @GetMapping(path = PATH, produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    SseEmitter stream(
            @AuthenticationPrincipal Caller caller,
            @RequestParam(name = "account_id", required = false) List<String> accountIds,
            @RequestParam(required = false) String after,
            @RequestHeader(name = "Last-Event-ID", required = false) String lastEventId) {
        OptionalLong start = lastEventId != null && after == null
                ? seq("Last-Event-ID", lastEventId)
                : after == null ? OptionalLong.empty() : seq("after", after);
        EventStream stream = events.open(caller, orEmpty(accountIds), start, EventHub.SSE);
        SseEmitter emitter = new SseEmitter(0L); // no timeout: the stream ends when its client or the service does
        Thread.ofVirtual()
                .name("sse-" + caller.userId())
                .start(new SseEventWriter(
                        stream, emitter, hub, json, properties.events().keepAlive()));
        return emitter;
    }

    @Operation(
            operationId = "listEvents",
            summary = "Accounts' events: live (Server-Sent Events) or a page of the stored ones",
            description = "With `Accept: text/event-stream`, a Server-Sent Events stream: each event is sent as "
                    + "`id: <seq>`, `event: <type>`, `data: <Event JSON>`, in seq order, first those stored after "
                    + "`after` (or `Last-Event-ID`), then new ones as they commit: no gap, no duplicate. Without "
                    + "either, the stream starts now. A `: keepalive` comment goes out at least every 15 s. "
                    + "Browsers' EventSource may pass `?ticket=` instead of Authorization.\n\n"
                    + "The same stream over WebSocket: `GET /api/v1/events/ws?ticket=&account_id=&after=` (take a "
                    + "ticket first; a missing, used or expired ticket is 401 and a foreign account 404, before the "
                    + "upgrade). Each text frame carries one or more events, one JSON object per line. The server "
                    + "pings every 30 s and closes a connection that answers none within 60 s; a subscriber that "
                    + "cannot keep up is closed with 1013 and resumes with `after`; on shutdown, 1001; when its "
                    + "key is revoked, 1008.\n\n"
                    + "With `Accept: application/json`, a page of stored events, oldest first, for clients that "
                    + "poll: `after` (default 0, the oldest kept) and `cursor` (from the previous page) say where "
                    + "the page starts.",
            parameters = {
                @Parameter(
                        name = "ticket",
                        in = ParameterIn.QUERY,
                        description = "stream only: a single-use ticket from POST /api/v1/events/tickets, "
                                + "instead of Authorization",
                        schema = @Schema(type = "string")),
                @Parameter(
                        name = "Last-Event-ID",
                        in = ParameterIn.HEADER,
                        description = "stream only: the seq of the last event received, when reconnecting",
                        schema = @Schema(type = "string"))
            })
    @ApiResponse(responseCode = "200", description = "one page of events, or the stream")
    @Refusals({ErrorCode.NOT_FOUND, ErrorCode.EVENTS_EXPIRED})
    @GetMapping(path = PATH, produces = MediaType.APPLICATION_JSON_VALUE)
    PageResponse<EventResponse> list(
            @AuthenticationPrincipal Caller caller,
            @Parameter(
                            description = "accounts to read (repeatable); default all the caller's (an admin: all)",
                            array = @ArraySchema(schema = @Schema(type = "string", format = "uuid")))
                    @RequestParam(name = "account_id", required = false)
                    List<String> accountIds,
            @Parameter(
                            description = "start after this seq; default 0, the oldest kept",
                            schema = @Schema(type = "integer", format = "int64", minimum = "0"))
                    @RequestParam(required = false)
                    String after,
            @RequestParam(required = false) String limit,
            @RequestParam(required = false) String cursor) {
        List<UUID> selected = orEmpty(accountIds);
        String list = "events:"
                + String.join(
                        ",", selected.stream().map(UUID::toString).sorted().toList());
        long from = after == null ? 0 : seq("after", after).getAsLong();
        return Paging.response(
                events.page(caller, selected, from, Paging.eventRequest(limit, cursor, list)),
                list,
                EventResponse::from);
    }

    @Operation(
            operationId = "createEventTicket",
            summary = "Take a ticket for a browser's event stream",
            description = "Browsers cannot send Authorization on an EventSource or a WebSocket: they pass "
                    + "`?ticket=` instead. A ticket is single use, valid 30 s and stands for the caller and its key.")
    @ApiResponse(responseCode = "201", description = "the ticket (not a resource: no Location)")
    @PostMapping(path = PATH + "/tickets", produces = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.CREATED)
    TicketResponse ticket(@AuthenticationPrincipal Caller caller) {
        return TicketResponse.from(events.issueTicket(caller));
    }

    /**
     * The WebSocket transport. Not in the OpenAPI document, which describes HTTP exchanges (this
     * one's only answer is 101); the stream's operation there describes it.
     */
    @Operation(hidden = true)
    @AcceptsTicket
    @GetMapping(path = WEBSOCKET_PATH)
    void connect(
            @AuthenticationPrincipal Caller caller,
            @RequestParam(name = "account_id", required = false) List<String> accountIds,
            @RequestParam(required = false) String after,
            HttpServletRequest request,
            HttpServletResponse response)
            throws IOException, ServletException {
        WebSocketHandshake.check(request, response);
        EventStream stream = events.open(
                caller,
                orEmpty(accountIds),
                after == null ? OptionalLong.empty() : seq("after", after),
                EventHub.WEBSOCKET);
        EventSocket socket =
                new EventSocket(stream, hub, json, properties.events().ping());
        ServerEndpointConfig endpoint = ServerEndpointConfig.Builder.create(EventSocket.class, WEBSOCKET_PATH)
                .configurator(new ServerEndpointConfig.Configurator() {
                    @Override
                    public <T> T getEndpointInstance(Class<T> type) {
                        return type.cast(socket);
                    }
                })
                .build();
        ServerContainer container =
                (ServerContainer) request.getServletContext().getAttribute(ServerContainer.class.getName());
        try {
            container.upgradeHttpToWebSocket(request, response, endpoint, Map.of());
        } catch (DeploymentException e) {
            hub.unregister(stream);
            throw new ServletException("cannot open the WebSocket", e);
        } catch (IOException | RuntimeException e) {
            hub.unregister(stream);
            throw e;
        }
    }

    private static List<UUID> orEmpty(List<String> accountIds) {
        if (accountIds == null) {
            return List.of();
        }
        try {
            return accountIds.stream().map(Ids::parse).toList();
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException("account_id", "must be account ids (UUIDs)");
        }
    }

    private static OptionalLong seq(String field, String text) {
        try {
            long seq = Long.parseLong(text.strip());
            if (seq >= 0) {
                return OptionalLong.of(seq);
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new InvalidRequestException(field, "must be a seq (an integer, 0 or more)");
    }
}
