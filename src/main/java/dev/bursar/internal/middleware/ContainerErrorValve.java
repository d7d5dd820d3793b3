package dev.bursar.internal.middleware;

import dev.bursar.internal.domain.ErrorCode;
import dev.bursar.internal.domain.Ids;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.AbstractProtocol;

/**
 * Tomcat refuses some requests before any filter runs (a {@code %00} in the path, say) and would
 * answer them with an HTML page. This valve answers them as problem+json instead, with a request
 * id, like every other error of the service.
 */
class ContainerErrorValve extends ErrorReportValve {

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        String detail = "the server could not accept this request";
        if (shuttingDown(request)) {
            detail = "the service is shutting down; retry";
            // A paused connector answers 503 without reading headers, then Tomcat overwrites that with
            // 400 for the unread Host header; a client must see "try again", not "your request is bad".
            status = 503;
            response.setStatus(status);
            response.setHeader("Retry-After", "1");
        }
        ErrorCode code = ErrorCode.forStatus(status);
        String requestId = response.getHeader(RequestAttributes.REQUEST_ID_HEADER);
        if (requestId == null) {
            requestId = Ids.newId().toString();
            response.setHeader(RequestAttributes.REQUEST_ID_HEADER, requestId);
        }
        // Every value below is a constant or a generated/validated id: nothing needs escaping.
        String body = "{\"type\":\"urn:bursar:problem:" + code.code() + "\",\"title\":\"" + code.title()
                + "\",\"status\":" + status + ",\"detail\":\"" + detail + "\",\"code\":\""
                + code.code() + "\",\"request_id\":\"" + requestId + "\"}";
        try {
            response.setContentType("application/problem+json");
            response.setCharacterEncoding(StandardCharsets.UTF_8);
            Writer writer = response.getReporter();
            if (writer != null) {
                writer.write(body);
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException e) {
            // the client is gone or the response is already on its way: nothing more to say
        }
    }

    private static boolean shuttingDown(Request request) {
        return request.getConnector() != null
                && request.getConnector().getProtocolHandler() instanceof AbstractProtocol<?> protocol
                && protocol.isPaused();
    }
}
