package dev.bursar.support;

import java.io.IOException;
import java.net.Authenticator;
import java.net.CookieHandler;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;

/**
 * A JDK HttpClient whose every response is checked against the served OpenAPI document before the
 * caller reads it, for clients the tests do not write themselves (the generated SDK): the whole
 * body is received, checked, then handed to the caller's body handler.
 */
final class CheckedHttpClient extends HttpClient {

    /** What to do with each response: {@link TestApi#assertDescribed}. */
    interface Check {
        void accept(String method, String path, int status, HttpHeaders headers, String body);
    }

    private final HttpClient delegate;
    private final Check check;

    private CheckedHttpClient(HttpClient delegate, Check check) {
        this.delegate = delegate;
        this.check = check;
    }

    /** A builder for generated clients ({@code ApiClient.setHttpClientBuilder}). */
    static HttpClient.Builder builder(Check check) {
        HttpClient.Builder builder = HttpClient.newBuilder();
        return new HttpClient.Builder() {
            @Override
            public HttpClient.Builder cookieHandler(CookieHandler cookieHandler) {
                builder.cookieHandler(cookieHandler);
                return this;
            }

            @Override
            public HttpClient.Builder connectTimeout(Duration duration) {
                builder.connectTimeout(duration);
                return this;
            }

            @Override
            public HttpClient.Builder sslContext(SSLContext sslContext) {
                builder.sslContext(sslContext);
                return this;
            }

            @Override
            public HttpClient.Builder sslParameters(SSLParameters sslParameters) {
                builder.sslParameters(sslParameters);
                return this;
            }

            @Override
            public HttpClient.Builder executor(Executor executor) {
                builder.executor(executor);
                return this;
            }

            @Override
            public HttpClient.Builder followRedirects(Redirect policy) {
                builder.followRedirects(policy);
                return this;
            }

            @Override
            public HttpClient.Builder version(Version version) {
                builder.version(version);
                return this;
            }

            @Override
            public HttpClient.Builder priority(int priority) {
                builder.priority(priority);
                return this;
            }

            @Override
            public HttpClient.Builder proxy(ProxySelector proxySelector) {
                builder.proxy(proxySelector);
                return this;
            }

            @Override
            public HttpClient.Builder authenticator(Authenticator authenticator) {
                builder.authenticator(authenticator);
                return this;
            }

            @Override
            public HttpClient build() {
                return new CheckedHttpClient(builder.build(), check);
            }
        };
    }

    @Override
    public <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler)
            throws IOException, InterruptedException {
        HttpResponse<byte[]> received = delegate.send(request, HttpResponse.BodyHandlers.ofByteArray());
        check.accept(
                request.method(),
                request.uri().getRawPath(),
                received.statusCode(),
                received.headers(),
                new String(received.body(), StandardCharsets.UTF_8));
        HttpResponse.BodySubscriber<T> subscriber = handler.apply(new HttpResponse.ResponseInfo() {
            @Override
            public int statusCode() {
                return received.statusCode();
            }

            @Override
            public HttpHeaders headers() {
                return received.headers();
            }

            @Override
            public Version version() {
                return received.version();
            }
        });
        subscriber.onSubscribe(new Flow.Subscription() {
            @Override
            public void request(long n) {}

            @Override
            public void cancel() {}
        });
        subscriber.onNext(List.of(ByteBuffer.wrap(received.body())));
        subscriber.onComplete();
        T body = subscriber.getBody().toCompletableFuture().join();
        return new Received<>(received, body);
    }

    private record Received<T>(HttpResponse<byte[]> response, T body) implements HttpResponse<T> {
        @Override
        public int statusCode() {
            return response.statusCode();
        }

        @Override
        public HttpRequest request() {
            return response.request();
        }

        @Override
        public Optional<HttpResponse<T>> previousResponse() {
            return Optional.empty();
        }

        @Override
        public HttpHeaders headers() {
            return response.headers();
        }

        @Override
        public Optional<SSLSession> sslSession() {
            return response.sslSession();
        }

        @Override
        public URI uri() {
            return response.uri();
        }

        @Override
        public Version version() {
            return response.version();
        }
    }

    @Override
    public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
        throw new UnsupportedOperationException("the checked client sends synchronously");
    }

    @Override
    public <T> CompletableFuture<HttpResponse<T>> sendAsync(
            HttpRequest request,
            HttpResponse.BodyHandler<T> handler,
            HttpResponse.PushPromiseHandler<T> pushPromiseHandler) {
        throw new UnsupportedOperationException("the checked client sends synchronously");
    }

    @Override
    public Optional<CookieHandler> cookieHandler() {
        return delegate.cookieHandler();
    }

    @Override
    public Optional<Duration> connectTimeout() {
        return delegate.connectTimeout();
    }

    @Override
    public Redirect followRedirects() {
        return delegate.followRedirects();
    }

    @Override
    public Optional<ProxySelector> proxy() {
        return delegate.proxy();
    }

    @Override
    public SSLContext sslContext() {
        return delegate.sslContext();
    }

    @Override
    public SSLParameters sslParameters() {
        return delegate.sslParameters();
    }

    @Override
    public Optional<Authenticator> authenticator() {
        return delegate.authenticator();
    }

    @Override
    public Version version() {
        return delegate.version();
    }

    @Override
    public Optional<Executor> executor() {
        return delegate.executor();
    }
}
