package dev.bursar.internal.middleware;

import org.apache.coyote.http11.Http11NioProtocol;

/**
 * Tomcat's NIO HTTP/1.1 protocol with smaller response buffers. Every request being served holds a
 * response buffer of bytes and one of chars (8 KB and 8 K chars by default), and an event stream
 * holds its request for as long as it is open: thousands of subscribers made those buffers the
 * largest part of the heap. A response larger than the buffer is sent in chunks.
 */
public class SmallBufferHttp11NioProtocol extends Http11NioProtocol {

    static final int RESPONSE_BUFFER_SIZE = 2048;

    @Override
    public int getDesiredBufferSize() {
        return RESPONSE_BUFFER_SIZE;
    }
}
