package dev.bursar.internal.api;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Base64;
import java.util.Collections;
import java.util.Locale;
import org.springframework.http.HttpHeaders;

/**
 * The opening handshake's own headers (RFC 6455, section 4.2.1), checked before anything is opened,
 * so that a request no WebSocket client would send is a validation problem that names the header,
 * like any other bad request, rather than the container's bare refusal.
 */
final class WebSocketHandshake {

    static final String VERSION_HEADER = "Sec-WebSocket-Version";
    private static final String KEY_HEADER = "Sec-WebSocket-Key";
    private static final String VERSION = "13";
    private static final int KEY_BYTES = 16;

    private WebSocketHandshake() {}

    static void check(HttpServletRequest request, HttpServletResponse response) {
        if (!"websocket".equalsIgnoreCase(request.getHeader(HttpHeaders.UPGRADE))) {
            throw new InvalidRequestException("Upgrade", "must be websocket: this path speaks WebSocket only");
        }
        try {
            if (!hasToken(request, HttpHeaders.CONNECTION, "upgrade")) {
                throw new InvalidRequestException("Connection", "must include Upgrade");
            }
            if (!hasToken(request, VERSION_HEADER, VERSION)) {
                throw new InvalidRequestException(VERSION_HEADER, "must be " + VERSION);
            }
            if (!isKey(request.getHeader(KEY_HEADER))) {
                throw new InvalidRequestException(KEY_HEADER, "must be 16 random bytes in base64");
            }
        } catch (InvalidRequestException refused) {
            // The version this server speaks goes with a refused handshake, as the RFC asks.
            response.setHeader(VERSION_HEADER, VERSION);
            throw refused;
        }
    }

    private static boolean hasToken(HttpServletRequest request, String header, String token) {
        for (String value : Collections.list(request.getHeaders(header))) {
            for (String part : value.split(",")) {
                if (part.strip().toLowerCase(Locale.ROOT).equals(token)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean isKey(String key) {
        if (key == null) {
            return false;
        }
        try {
            return Base64.getDecoder().decode(key.strip()).length == KEY_BYTES;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
