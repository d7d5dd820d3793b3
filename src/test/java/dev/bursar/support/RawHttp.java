package dev.bursar.support;

import dev.bursar.support.TestApi.Response;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Requests sent byte for byte, for those an HTTP client library would refuse or rewrite. The
 * request must end the connection (Connection: close, or a refusal that closes it); the response
 * is checked against the served OpenAPI document like every other.
 */
public final class RawHttp {

    /** What came back: the bytes as received (ISO-8859-1), and the response they make. */
    public record Exchange(String raw, Response response) {}

    private RawHttp() {}

    public static Exchange exchange(TestApi api, int port, String method, String path, String request)
            throws IOException {
        String raw;
        try (Socket socket = new Socket("localhost", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            raw = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        }
        int headEnd = raw.indexOf("\r\n\r\n");
        String[] head = raw.substring(0, headEnd).split("\r\n");
        Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (String line : Arrays.asList(head).subList(1, head.length)) {
            int colon = line.indexOf(':');
            headers.computeIfAbsent(line.substring(0, colon).trim(), name -> new ArrayList<>())
                    .add(line.substring(colon + 1).trim());
        }
        String body = raw.substring(headEnd + 4);
        if (headers.getOrDefault("Transfer-Encoding", List.of()).contains("chunked")) {
            body = unchunked(body);
        }
        Response response = new Response(
                Integer.parseInt(head[0].split(" ")[1]),
                HttpHeaders.of(headers, (name, value) -> true),
                new String(body.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8));
        api.assertDescribed(method, path, response.status(), response.headers(), response.body());
        return new Exchange(raw, response);
    }

    private static String unchunked(String chunked) {
        StringBuilder body = new StringBuilder();
        int at = 0;
        while (true) {
            int lineEnd = chunked.indexOf("\r\n", at);
            int size = Integer.parseInt(
                    chunked.substring(at, lineEnd).split(";")[0].trim(), 16);
            if (size == 0) {
                return body.toString();
            }
            body.append(chunked, lineEnd + 2, lineEnd + 2 + size);
            at = lineEnd + 2 + size + 2;
        }
    }
}
