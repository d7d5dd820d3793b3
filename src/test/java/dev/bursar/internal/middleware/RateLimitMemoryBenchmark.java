package dev.bursar.internal.middleware;

import dev.bursar.internal.config.BursarProperties;
import dev.bursar.internal.service.ApiKeyCache;
import dev.bursar.internal.service.ApiKeyService;
import java.lang.management.ManagementFactory;
import java.lang.ref.Reference;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import javax.management.ObjectName;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.io.ClassPathResource;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.web.servlet.ModelAndView;

/**
 * Heap the rate limiter keeps after a flood of distinct clients: {@code bench/rate-limit-memory.sh}
 * runs it (method and results in docs/benchmarks-rate-limit-memory.md). Requests go through
 * the rate limit before authentication ({@link RateLimits}) as if a trusted proxy (127.0.0.1) forwarded them, each naming a new client
 * in {@code X-Forwarded-For}, with the settings of application.yml unless arguments
 * ({@code bursar.rate-limit.NAME=VALUE}) override them. Retained heap is read from a class
 * histogram, which first collects all garbage (a full GC).
 *
 * <p>System properties: {@code clients} (1000000), {@code addresses} ({@code ipv4}: one client per
 * IPv4 address; {@code ipv6}: one per /64; {@code ipv6-one-64}: all in one /64), {@code wait}
 * (seconds after the flood before the last reading, 5).
 */
public final class RateLimitMemoryBenchmark {

    private RateLimitMemoryBenchmark() {}

    public static void main(String[] args) throws Exception {
        int clients = Integer.getInteger("clients", 1_000_000);
        String addresses = System.getProperty("addresses", "ipv4");
        long waitSeconds = Long.getLong("wait", 5);

        Map<String, Object> overrides = new LinkedHashMap<>();
        overrides.put("bursar.rate-limit.trusted-proxies", "127.0.0.1");
        for (String arg : args) {
            overrides.put(
                    arg.substring(0, arg.indexOf('=')).replaceFirst("^--", ""), arg.substring(arg.indexOf('=') + 1));
        }
        MutablePropertySources sources = new MutablePropertySources();
        sources.addFirst(new MapPropertySource("arguments", overrides));
        new YamlPropertySourceLoader()
                .load("application.yml", new ClassPathResource("application.yml"))
                .forEach(sources::addLast);
        BursarProperties.RateLimit settings = new Binder(ConfigurationPropertySources.from(sources))
                .bind("bursar.rate-limit", BursarProperties.RateLimit.class)
                .get();

        RateLimitBuckets buckets = RateLimitBuckets.create(settings, () -> {
            throw new IllegalStateException("the memory store has no table");
        });
        // Requests without a key meet their address's limit before authentication; no key is ever looked up.
        ApiKeyService noKeys = new ApiKeyService(null, null, new ApiKeyCache(), Clock.systemUTC());
        RateLimits.BeforeAuthentication filter = new RateLimits(
                        settings, buckets, noKeys, (request, response, handler, e) -> {
                            response.setStatus(429);
                            return new ModelAndView();
                        })
                .beforeAuthentication();

        Histogram before = Histogram.take();
        long started = System.nanoTime();
        int limited = 0;
        for (int i = 0; i < clients; i++) {
            MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/v1/me");
            request.setRemoteAddr("127.0.0.1");
            request.addHeader("X-Forwarded-For", address(addresses, i));
            MockHttpServletResponse response = new MockHttpServletResponse();
            filter.doFilter(request, response, (req, res) -> {});
            if (response.getStatus() == 429) {
                limited++;
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        Histogram after = Histogram.take();
        Thread.sleep(waitSeconds * 1000);
        Histogram later = Histogram.take();
        Reference.reachabilityFence(filter);

        System.out.printf(
                Locale.ROOT,
                "settings: capacity=%d refill-per-second=%s store=%s max-buckets=%s%n",
                settings.capacity(),
                settings.refillPerSecond(),
                settings.store(),
                overrides.getOrDefault("bursar.rate-limit.max-buckets", "(application.yml)"));
        System.out.printf(
                Locale.ROOT,
                "flood: %,d requests, addresses %s, %.1f s (%,.0f/s), %,d limited (429)%n",
                clients,
                addresses,
                seconds,
                clients / seconds,
                limited);
        System.out.printf(Locale.ROOT, "%-28s %14s %10s%n", "", "retained heap", "buckets");
        before.print("before the flood");
        after.print("right after the flood");
        later.print("after " + waitSeconds + " s more");
        if (after.buckets >= 1_000) {
            System.out.printf(
                    Locale.ROOT, "bytes per bucket (right after): %,d%n", (after.bytes - before.bytes) / after.buckets);
        }
    }

    /** The i-th client: IPv4 addresses from 100.64.0.0 on, IPv6 /64s from 2001:db8:0:0 on, or addresses of one /64. */
    static String address(String family, int i) {
        return switch (family) {
            case "ipv4" -> "100." + (64 + (i >>> 16)) + "." + ((i >>> 8) & 255) + "." + (i & 255);
            case "ipv6" -> "2001:db8:" + Integer.toHexString(i >>> 16) + ":" + Integer.toHexString(i & 0xffff) + "::1";
            case "ipv6-one-64" ->
                "2001:db8:1:2:" + Integer.toHexString(i >>> 16) + ":" + Integer.toHexString(i & 0xffff) + "::";
            default -> throw new IllegalArgumentException("addresses must be ipv4, ipv6 or ipv6-one-64: " + family);
        };
    }

    /** Live heap and token buckets, from the JVM's class histogram (taken after a full GC). */
    private record Histogram(long bytes, long buckets) {

        static Histogram take() throws Exception {
            String text = (String) ManagementFactory.getPlatformMBeanServer()
                    .invoke(
                            new ObjectName("com.sun.management:type=DiagnosticCommand"),
                            "gcClassHistogram",
                            new Object[] {new String[0]},
                            new String[] {String[].class.getName()});
            long bytes = 0;
            long buckets = 0;
            for (String line : text.split("\n")) {
                String[] columns = line.trim().split("\\s+");
                if (columns.length >= 3 && columns[0].equals("Total")) {
                    bytes = Long.parseLong(columns[2]);
                } else if (columns.length >= 4 && columns[3].equals("io.github.bucket4j.local.LockFreeBucket")) {
                    buckets = Long.parseLong(columns[1]);
                }
            }
            return new Histogram(bytes, buckets);
        }

        void print(String label) {
            System.out.printf(Locale.ROOT, "%-28s %11.1f MB %,10d%n", label, bytes / 1048576.0, buckets);
        }
    }
}
