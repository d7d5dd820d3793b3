// Real-time events benchmark: many subscribers (half Server-Sent Events, half WebSocket) on one
// Bursar instance while transfers flow, from one JVM (virtual threads, java.net.http).
//
//   java bench/EventsBench.java --url http://127.0.0.1:8080 --mgmt http://127.0.0.1:8081 \
//       --accounts accounts.txt --pid <service pid> --subscribers 10000 --rate 300 --seconds 30 \
//       --out result.json
//
// Subscriber i follows account i (of the first --subscribers lines of --accounts, "<id> <owner
// key>" as bench/setup_data.py writes them) with its owner's key: even i over SSE
// (GET /api/v1/events?account_id=, Accept: text/event-stream), odd i over WebSocket
// (POST /api/v1/events/tickets, then GET /api/v1/events/ws?ticket=&account_id=). Once every
// subscriber is connected, transfers between random distinct accounts among the first
// --transfer-accounts run at --rate per second (open loop; --rate 0: closed loop on --concurrency
// connections) for --seconds. Then it waits until every subscriber has what it should have (or
// --drain seconds), and checks each one: exactly the entry.posted events of the transfers that
// touched its account (by transfer id), in increasing seq, none twice.
//
// With --slow N and --admin-key, N more subscribers follow every account with the admin's key over
// raw sockets with a 4 KB receive buffer and never read: the service should drop each (its
// buffer full, bursar_events_dropped) while the others and the transfers go on undisturbed.
//
// Measured: the service's VmRSS (before, with all connected and idle, maximum during the load),
// CPU time of the service and of this process, each event's delay from its created_at to its
// arrival here (the same machine clock), the transfers' own latency and rate, and the service's
// bursar_events_* metrics (the delivery-lag histogram of the load window). Prints and writes JSON.
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

public class EventsBench {

    static final Pattern SEQ = Pattern.compile("\"seq\":(\\d+)");
    static final Pattern TYPE = Pattern.compile("\"type\":\"([a-z.]+)\"");
    static final Pattern TRANSFER = Pattern.compile("\"transfer_id\":\"([0-9a-f-]{36})\"");
    static final Pattern ACCOUNT = Pattern.compile("\"account_id\":\"([0-9a-f-]{36})\"");
    static final Pattern CREATED = Pattern.compile("\"created_at\":\"([^\"]+)\"");
    static final Pattern ID = Pattern.compile("\"id\":\"([0-9a-f-]{36})\"");
    static final Pattern TICKET = Pattern.compile("\"ticket\":\"([^\"]+)\"");

    // --- options -----------------------------------------------------------------------------
    static String url, mgmt, accountsFile, out;
    static long pid;
    static int subscribers, transferAccounts, concurrency = 64, connectConcurrency = 100;
    static double rate, seconds, drain = 30, idle = 5;
    static long after; // where every stream starts: the last seq before the benchmark (0: the oldest kept)
    static double wsShare = 0.5;
    static int slow;
    static String adminKey;

    static final ExecutorService VIRTUAL = Executors.newVirtualThreadPerTaskExecutor();
    static final List<HttpClient> STREAM_CLIENTS = new ArrayList<>();
    static HttpClient api;

    static volatile boolean measuring; // lag samples are kept only while transfers are sent
    static final LongHistogram clientLag = new LongHistogram(); // microseconds
    static final LongHistogram transferLatency = new LongHistogram(); // microseconds

    /** One subscriber: what it follows and what it received. */
    static final class Subscriber {
        final int index;
        final String account;
        final String key;
        final boolean websocket;
        final List<String> transfers = new ArrayList<>(); // transfer ids of entry.posted, in arrival order
        long lastSeq;
        int outOfOrder, otherAccount, otherType;
        volatile boolean connected;
        volatile String ended; // why the stream ended early, if it did
        volatile WebSocket socket;
        volatile HttpResponse<?> response;
        StringBuilder partial = new StringBuilder();
        final List<String> endings = new ArrayList<>(); // streams of this subscriber that ended (then resumed)

        Subscriber(int index, String account, String key, boolean websocket) {
            this.index = index;
            this.account = account;
            this.key = key;
            this.websocket = websocket;
        }

        synchronized void event(String json, long arrivedMicros) {
            Matcher seq = SEQ.matcher(json);
            Matcher type = TYPE.matcher(json);
            Matcher account = ACCOUNT.matcher(json);
            Matcher transfer = TRANSFER.matcher(json);
            Matcher created = CREATED.matcher(json);
            if (!seq.find() || !type.find() || !account.find() || !created.find()) {
                throw new IllegalStateException("not an event: " + json);
            }
            long s = Long.parseLong(seq.group(1));
            if (s <= lastSeq) {
                outOfOrder++;
            }
            lastSeq = Math.max(lastSeq, s);
            if (!account.group(1).equals(this.account)) {
                otherAccount++;
            }
            if (!type.group(1).equals("entry.posted")) {
                otherType++;
            } else if (transfer.find()) {
                transfers.add(transfer.group(1));
            }
            if (measuring) {
                Instant at = Instant.parse(created.group(1));
                long createdMicros = at.getEpochSecond() * 1_000_000L + at.getNano() / 1_000;
                clientLag.record(Math.max(0, arrivedMicros - createdMicros));
            }
        }

        synchronized int received() {
            return transfers.size();
        }
    }

    public static void main(String[] args) throws Exception {
        parse(args);
        List<String[]> accounts = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of(accountsFile))) {
            String[] parts = line.trim().split("\\s+");
            if (parts.length == 2) {
                accounts.add(parts);
            }
        }
        if (transferAccounts == 0) {
            transferAccounts = Math.max(subscribers, 2);
        }
        if (accounts.size() < Math.max(subscribers, transferAccounts)) {
            throw new IllegalArgumentException("need " + Math.max(subscribers, transferAccounts) + " accounts in "
                    + accountsFile + ", found " + accounts.size());
        }
        api = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .executor(VIRTUAL)
                .connectTimeout(Duration.ofSeconds(30))
                .build();
        for (int i = 0; i < 4; i++) { // several selector threads for the many stream connections
            STREAM_CLIENTS.add(HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .executor(VIRTUAL)
                    .connectTimeout(Duration.ofSeconds(60))
                    .build());
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("subscribers", subscribers);
        result.put("rate_per_s", rate);
        result.put("seconds", seconds);
        result.put("transfer_accounts", transferAccounts);
        result.put("rss_mb_before", rssMb());
        result.put("loadavg_start", loadavg());

        // --- connect -------------------------------------------------------------------------
        List<Subscriber> subs = new ArrayList<>();
        int websockets = (int) Math.round(subscribers * wsShare);
        for (int i = 0; i < subscribers; i++) {
            // Alternate transports so that each gets its share of accounts throughout.
            boolean ws = websockets > 0 && (long) i * websockets / subscribers != (long) (i + 1) * websockets / subscribers;
            subs.add(new Subscriber(i, accounts.get(i)[0], accounts.get(i)[1], ws));
        }
        long t0 = System.nanoTime();
        Semaphore connecting = new Semaphore(connectConcurrency);
        CountDownLatch done = new CountDownLatch(subs.size());
        AtomicInteger failed = new AtomicInteger();
        Map<String, Integer> failures = REFUSED;
        for (Subscriber sub : subs) {
            connecting.acquire();
            VIRTUAL.submit(() -> {
                try {
                    if (!connect(sub, failures)) {
                        failed.incrementAndGet();
                    }
                } finally {
                    connecting.release();
                    done.countDown();
                }
            });
        }
        done.await();
        double connectSeconds = (System.nanoTime() - t0) / 1e9;
        long connected = subs.stream().filter(s -> s.connected).count();
        System.err.printf(Locale.ROOT, "connected %d of %d subscribers in %.1f s (%d gave up after 10 attempts); refused attempts:%n",
                connected, subs.size(), connectSeconds, failed.get());
        failures.forEach((why, n) -> System.err.println("  " + n + " × " + why));
        result.put("connected", connected);
        result.put("connect_refused_attempts", failures);
        result.put("connect_gave_up", failed.get());
        result.put("connect_s", round(connectSeconds));
        List<java.net.Socket> slowSockets = openSlow();
        result.put("slow_subscribers", slowSockets.size());
        Map<String, Double> metricsConnected = scrape();
        result.put("server_subscribers", Map.of(
                "sse", metricsConnected.getOrDefault("bursar_events_subscribers{transport=\"sse\"}", -1.0),
                "websocket", metricsConnected.getOrDefault("bursar_events_subscribers{transport=\"websocket\"}", -1.0)));
        Thread.sleep((long) (idle * 1000));
        result.put("rss_mb_connected_idle", rssMb());

        // --- load ----------------------------------------------------------------------------
        Map<String, Double> before = scrape();
        long serviceTicks0 = processTicks(pid), ownTicks0 = processTicks(ProcessHandle.current().pid());
        long[] machine0 = machineTicks();
        AtomicLong maxRss = new AtomicLong();
        Thread sampler = Thread.ofVirtual().start(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                maxRss.accumulateAndGet((long) rssMb(), Math::max);
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        Map<String, Integer> touched = new ConcurrentHashMap<>(); // account -> expected entries
        Map<String, Set<String>> expected = new ConcurrentHashMap<>(); // account -> transfer ids
        Map<String, Integer> statuses = new ConcurrentHashMap<>();
        measuring = true;
        long loadStart = System.nanoTime();
        AtomicLong lastResponse = new AtomicLong(loadStart);
        AtomicLong behind = new AtomicLong();
        String runId = Long.toString(System.currentTimeMillis(), 36);
        AtomicLong counter = new AtomicLong();
        Runnable oneTransfer = () -> {
            var random = java.util.concurrent.ThreadLocalRandom.current();
            int a = random.nextInt(transferAccounts);
            int b = random.nextInt(transferAccounts - 1);
            if (b >= a) {
                b++;
            }
            String from = accounts.get(a)[0], to = accounts.get(b)[0];
            String body = String.format(Locale.ROOT,
                    "{\"from_account_id\":\"%s\",\"to_account_id\":\"%s\",\"amount\":%d,\"currency\":\"EUR\"}",
                    from, to, 1 + random.nextInt(100));
            HttpRequest request = HttpRequest.newBuilder(URI.create(url + "/api/v1/transfers"))
                    .header("Authorization", "Bearer " + accounts.get(a)[1])
                    .header("Content-Type", "application/json")
                    .header("Idempotency-Key", "ev-" + runId + "-" + counter.incrementAndGet())
                    .timeout(Duration.ofSeconds(30))
                    .POST(HttpRequest.BodyPublishers.ofString(body))
                    .build();
            long sent = System.nanoTime();
            try {
                HttpResponse<String> response = api.send(request, HttpResponse.BodyHandlers.ofString());
                long now = System.nanoTime();
                transferLatency.record((now - sent) / 1000);
                lastResponse.accumulateAndGet(now, Math::max);
                statuses.merge(String.valueOf(response.statusCode()), 1, Integer::sum);
                if (response.statusCode() == 201) {
                    Matcher id = ID.matcher(response.body());
                    if (!id.find()) {
                        throw new IllegalStateException("no id in " + response.body());
                    }
                    expected.computeIfAbsent(from, k -> ConcurrentHashMap.newKeySet()).add(id.group(1));
                    expected.computeIfAbsent(to, k -> ConcurrentHashMap.newKeySet()).add(id.group(1));
                }
            } catch (IOException e) {
                statuses.merge("io:" + e.getClass().getSimpleName(), 1, Integer::sum);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
        long end = loadStart + (long) (seconds * 1e9);
        List<Thread> workers = new ArrayList<>();
        if (rate > 0) {
            // Open loop: request n is due at loadStart + n / rate, whatever the earlier ones do; at
            // most --concurrency in flight (a request that has to wait for a slot counts as behind).
            Semaphore inFlight = new Semaphore(concurrency);
            long n = 0;
            while (true) {
                long due = loadStart + (long) (n / rate * 1e9);
                if (due >= end) {
                    break;
                }
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
                if (!inFlight.tryAcquire()) {
                    behind.incrementAndGet();
                    inFlight.acquire();
                }
                workers.add(Thread.ofVirtual().start(() -> {
                    try {
                        oneTransfer.run();
                    } finally {
                        inFlight.release();
                    }
                }));
                n++;
            }
        } else {
            for (int i = 0; i < concurrency; i++) {
                workers.add(Thread.ofVirtual().start(() -> {
                    while (System.nanoTime() < end) {
                        oneTransfer.run();
                    }
                }));
            }
        }
        for (Thread worker : workers) {
            worker.join();
        }
        double window = (lastResponse.get() - loadStart) / 1e9;
        int created = statuses.getOrDefault("201", 0);
        System.err.printf(Locale.ROOT, "transfers: %d × 201 in %.1f s = %.0f/s; statuses %s%n",
                created, window, created / window, statuses);

        // --- drain and check -----------------------------------------------------------------
        Map<String, Integer> want = new HashMap<>();
        expected.forEach((account, ids) -> want.put(account, ids.size()));
        long drainStart = System.nanoTime();
        while (System.nanoTime() - drainStart < drain * 1e9) {
            boolean all = true;
            for (Subscriber sub : subs) {
                if (sub.connected && sub.received() < want.getOrDefault(sub.account, 0)) {
                    all = false;
                    break;
                }
            }
            if (all) {
                break;
            }
            Thread.sleep(100);
        }
        Thread.sleep(1000); // anything extra (a duplicate, a stray event) would arrive by now
        measuring = false;
        double drainSeconds = (System.nanoTime() - drainStart) / 1e9;
        sampler.interrupt();
        maxRss.accumulateAndGet((long) rssMb(), Math::max);
        long serviceTicks = processTicks(pid) - serviceTicks0, ownTicks = processTicks(ProcessHandle.current().pid()) - ownTicks0;
        long[] machine1 = machineTicks();
        Map<String, Double> after = scrape();

        int exact = 0, missing = 0, extra = 0, duplicated = 0, wrongSet = 0, outOfOrder = 0, foreign = 0, ended = 0;
        long eventsReceived = 0, eventsExpected = 0;
        List<String> examples = new ArrayList<>();
        for (Subscriber sub : subs) {
            Set<String> ids = expected.getOrDefault(sub.account, Set.of());
            List<String> got;
            synchronized (sub) {
                got = new ArrayList<>(sub.transfers);
                outOfOrder += sub.outOfOrder;
                foreign += sub.otherAccount + sub.otherType;
            }
            eventsReceived += got.size();
            eventsExpected += ids.size();
            Set<String> distinct = Set.copyOf(got);
            if (sub.ended != null) {
                ended++;
            }
            if (got.size() == ids.size() && distinct.equals(ids) && sub.connected) {
                exact++;
                continue;
            }
            if (got.size() < ids.size()) missing++;
            if (got.size() > ids.size()) extra++;
            if (distinct.size() < got.size()) duplicated++;
            if (!distinct.equals(ids)) wrongSet++;
            if (examples.size() < 10) {
                examples.add(String.format(Locale.ROOT, "#%d %s %s: expected %d, received %d (%d distinct)%s",
                        sub.index, sub.websocket ? "ws" : "sse", sub.account, ids.size(), got.size(),
                        distinct.size(), sub.ended == null ? "" : ", ended: " + sub.ended));
            }
        }
        System.err.printf(Locale.ROOT,
                "check: %d of %d subscribers got exactly their events (%d expected events, %d received); "
                        + "missing %d, extra %d, duplicated %d, wrong set %d, out of order %d, foreign %d, ended early %d%n",
                exact, subs.size(), eventsExpected, eventsReceived, missing, extra, duplicated, wrongSet, outOfOrder,
                foreign, ended);
        examples.forEach(e -> System.err.println("  " + e));
        System.err.println("streams ended by the service and resumed: " + RECONNECTS.get() + " " + check_endings(subs));

        Map<String, Object> load = new LinkedHashMap<>();
        load.put("transfers_201", created);
        load.put("window_s", round(window));
        load.put("transfers_per_s", round(created / window));
        load.put("statuses", statuses);
        load.put("sent_behind_schedule", behind.get());
        load.put("transfer_latency_ms", transferLatency.summaryMillis());
        result.put("load", load);
        result.put("rss_mb_max_during_load", maxRss.get());
        result.put("loadavg_end", loadavg());
        double capacity = (System.nanoTime() - loadStart) / 1e9 * Runtime.getRuntime().availableProcessors();
        Map<String, Object> cpu = new LinkedHashMap<>();
        cpu.put("service_pct", round(100.0 * serviceTicks / 100.0 / capacity));
        cpu.put("bench_client_pct", round(100.0 * ownTicks / 100.0 / capacity));
        cpu.put("machine_busy_pct", round(100.0 * (machine1[1] - machine0[1]) / Math.max(1, machine1[0] - machine0[0])));
        cpu.put("cores", Runtime.getRuntime().availableProcessors());
        result.put("cpu_load_and_drain", cpu);
        Map<String, Object> check = new LinkedHashMap<>();
        check.put("exact", exact);
        check.put("events_expected", eventsExpected);
        check.put("events_received", eventsReceived);
        check.put("missing", missing);
        check.put("extra", extra);
        check.put("duplicated", duplicated);
        check.put("wrong_set", wrongSet);
        check.put("out_of_order", outOfOrder);
        check.put("foreign", foreign);
        check.put("ended_early", ended);
        check.put("drain_s", round(drainSeconds));
        check.put("streams_ended_and_resumed", RECONNECTS.get());
        check.put("endings", check_endings(subs));
        result.put("refused_attempts_all", REFUSED);
        check.put("examples", examples);
        result.put("check", check);
        result.put("client_lag_ms", clientLag.summaryMillis());
        result.put("server_lag", serverLag(before, after));
        Map<String, Double> counters = new LinkedHashMap<>();
        for (String name : List.of("bursar_events_delivered_total{transport=\"sse\"}",
                "bursar_events_delivered_total{transport=\"websocket\"}", "bursar_events_dropped_total{reason=\"slow\"}")) {
            counters.put(name, after.getOrDefault(name, 0.0) - before.getOrDefault(name, 0.0));
        }
        result.put("server_counters_during_load", counters);
        // Garbage collection since the service started (connecting, idle and load): a heap too small
        // for the subscribers shows as many, long full collections.
        Map<String, Double> gc = new java.util.TreeMap<>();
        scrape().forEach((name, value) -> {
            if (name.startsWith("jvm_gc_pause_seconds_count") || name.startsWith("jvm_gc_pause_seconds_sum")) {
                gc.put(name.replace("jvm_gc_pause_seconds_", ""), round(value));
            }
        });
        result.put("gc_since_start", gc);
        System.err.println("garbage collections since the service started: " + gc);
        System.err.println("client lag ms " + result.get("client_lag_ms"));
        System.err.println("server lag " + result.get("server_lag"));
        System.err.println("transfer latency ms " + load.get("transfer_latency_ms"));
        System.err.printf(Locale.ROOT, "RSS MB: before %.0f, connected idle %.0f, max during load %d; cpu %s%n",
                (double) result.get("rss_mb_before"), (double) result.get("rss_mb_connected_idle"), maxRss.get(), cpu);

        // --- close ---------------------------------------------------------------------------
        closing = true;
        for (java.net.Socket socket : slowSockets) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
        for (Subscriber sub : subs) {
            try {
                if (sub.socket != null) sub.socket.abort();
                if (sub.response != null && sub.response.body() instanceof java.util.stream.Stream<?> lines) lines.close();
            } catch (RuntimeException ignored) {
                // closing anyway
            }
        }
        String json = toJson(result);
        System.out.println(json);
        if (out != null) {
            Files.writeString(Path.of(out), json + "\n");
        }
        boolean ok = exact == subs.size() && failed.get() == 0;
        System.exit(ok ? 0 : 2);
    }

    // --- transports ----------------------------------------------------------------------------
    static final Map<String, Integer> REFUSED = new ConcurrentHashMap<>();
    static final AtomicInteger RECONNECTS = new AtomicInteger();
    static volatile boolean closing;

    /**
     * Connects a subscriber after the last seq it has (or --after): a refused attempt (503: the
     * service sheds load while thousands connect) is tried again after a pause, as a real client
     * does, up to 10 times; each refusal is counted.
     */
    static boolean connect(Subscriber sub, Map<String, Integer> failures) {
        for (int attempt = 1; ; attempt++) {
            try {
                if (sub.websocket) {
                    openWebSocket(sub);
                } else {
                    openSse(sub);
                }
                return true;
            } catch (Exception e) {
                failures.merge(String.valueOf(e), 1, Integer::sum);
                if (attempt == 10 || closing) {
                    return false;
                }
                try {
                    Thread.sleep(100L * attempt);
                } catch (InterruptedException interrupted) {
                    return false;
                }
            }
        }
    }

    /**
     * Opens --slow streams of every account's events that never read past the response's status
     * line: the service has to drop them (each counted in bursar_events_dropped{reason="slow"}).
     */
    static List<java.net.Socket> openSlow() throws IOException {
        List<java.net.Socket> sockets = new ArrayList<>();
        if (slow == 0) return sockets;
        if (adminKey == null) throw new IllegalArgumentException("--slow needs --admin-key");
        URI base = URI.create(url);
        for (int i = 0; i < slow; i++) {
            java.net.Socket socket = new java.net.Socket();
            socket.setReceiveBufferSize(4096);
            socket.connect(new java.net.InetSocketAddress(base.getHost(), base.getPort()));
            socket.getOutputStream().write(("GET /api/v1/events HTTP/1.1\r\nHost: " + base.getHost()
                            + "\r\nAccept: text/event-stream\r\nAuthorization: Bearer " + adminKey + "\r\n\r\n")
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            byte[] status = new byte[12];
            int read = 0;
            while (read < status.length) {
                int n = socket.getInputStream().read(status, read, status.length - read);
                if (n < 0) throw new IOException("slow subscriber: connection closed before the status line");
                read += n;
            }
            String line = new String(status, java.nio.charset.StandardCharsets.US_ASCII);
            if (!line.startsWith("HTTP/1.1 200")) throw new IOException("slow subscriber refused: " + line);
            sockets.add(socket); // and never read from it again
        }
        System.err.println("slow subscribers (every account, never reading): " + sockets.size());
        return sockets;
    }

    /** A stream that ended while the benchmark runs: resume it after the last seq received, as clients do. */
    static void resume(Subscriber sub, String why) {
        if (closing) return;
        synchronized (sub) {
            sub.endings.add(why);
        }
        RECONNECTS.incrementAndGet();
        sub.connected = false;
        Thread.ofVirtual().start(() -> {
            if (!connect(sub, REFUSED)) sub.ended = "could not reconnect after: " + why;
        });
    }

    static Map<String, Integer> check_endings(List<Subscriber> subs) {
        Map<String, Integer> endings = new java.util.TreeMap<>();
        for (Subscriber sub : subs) {
            synchronized (sub) {
                sub.endings.forEach(why -> endings.merge(why.length() > 120 ? why.substring(0, 120) : why, 1, Integer::sum));
            }
        }
        return endings;
    }

    static long resumeAfter(Subscriber sub) {
        synchronized (sub) {
            return Math.max(after, sub.lastSeq);
        }
    }

    static HttpClient streamClient(Subscriber sub) {
        return STREAM_CLIENTS.get(sub.index % STREAM_CLIENTS.size());
    }

    static void openSse(Subscriber sub) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url + "/api/v1/events?account_id=" + sub.account
                        + "&after=" + resumeAfter(sub)))
                .header("Accept", "text/event-stream")
                .header("Authorization", "Bearer " + sub.key)
                .GET()
                .build();
        HttpResponse<java.util.stream.Stream<String>> response =
                streamClient(sub).send(request, HttpResponse.BodyHandlers.ofLines());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("SSE status " + response.statusCode());
        }
        sub.response = response;
        sub.connected = true; // the stream's position was fixed before the response started
        Thread.ofVirtual().start(() -> {
            try (var lines = response.body()) {
                lines.forEach(line -> {
                    if (line.startsWith("data: ")) {
                        sub.event(line.substring(6), nowMicros());
                    }
                });
                resume(sub, "sse response ended");
            } catch (RuntimeException e) {
                resume(sub, "sse " + e);
            }
        });
    }

    static void openWebSocket(Subscriber sub) throws Exception {
        HttpRequest ticketRequest = HttpRequest.newBuilder(URI.create(url + "/api/v1/events/tickets"))
                .header("Authorization", "Bearer " + sub.key)
                .POST(HttpRequest.BodyPublishers.noBody())
                .build();
        HttpResponse<String> ticketResponse = api.send(ticketRequest, HttpResponse.BodyHandlers.ofString());
        Matcher ticket = TICKET.matcher(ticketResponse.body());
        if (ticketResponse.statusCode() != 201 || !ticket.find()) {
            throw new IllegalStateException("ticket status " + ticketResponse.statusCode());
        }
        URI uri = URI.create(url.replaceFirst("^http", "ws") + "/api/v1/events/ws?ticket=" + ticket.group(1)
                + "&account_id=" + sub.account + "&after=" + resumeAfter(sub));
        WebSocket.Listener listener = new WebSocket.Listener() {
            @Override
            public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
                sub.partial.append(data);
                if (last) {
                    long now = nowMicros();
                    for (String line : sub.partial.toString().split("\n")) {
                        if (!line.isBlank()) sub.event(line, now);
                    }
                    sub.partial.setLength(0);
                }
                socket.request(1);
                return null;
            }

            @Override
            public CompletionStage<?> onClose(WebSocket socket, int status, String reason) {
                resume(sub, "ws close " + status + " " + reason);
                return null;
            }

            @Override
            public void onError(WebSocket socket, Throwable error) {
                resume(sub, "ws error " + error);
            }
        };
        sub.socket = streamClient(sub).newWebSocketBuilder()
                .connectTimeout(Duration.ofSeconds(60))
                .buildAsync(uri, listener)
                .get(90, TimeUnit.SECONDS);
        sub.connected = true; // the upgrade answered after the stream's position was fixed
    }

    static long nowMicros() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
    }

    // --- the service's metrics -----------------------------------------------------------------
    static Map<String, Double> scrape() {
        Map<String, Double> values = new HashMap<>();
        if (mgmt == null) return values;
        try {
            HttpResponse<String> response = api.send(
                    HttpRequest.newBuilder(URI.create(mgmt + "/actuator/prometheus")).build(),
                    HttpResponse.BodyHandlers.ofString());
            for (String line : response.body().split("\n")) {
                if (!line.startsWith("bursar_events") && !line.startsWith("jvm_gc_pause_seconds_")) continue;
                int space = line.lastIndexOf(' ');
                String name = line.substring(0, space).replaceAll(",?application=\"[^\"]*\"", "").replace("{,", "{")
                        .replace(",}", "}");
                values.put(name, Double.parseDouble(line.substring(space + 1)));
            }
        } catch (IOException | InterruptedException | RuntimeException e) {
            System.err.println("cannot scrape " + mgmt + ": " + e);
        }
        return values;
    }

    /** The delivery-lag histogram's buckets over the load window: share of writes within each bound. */
    static Map<String, Object> serverLag(Map<String, Double> before, Map<String, Double> after) {
        Map<String, Object> lag = new LinkedHashMap<>();
        double count = after.getOrDefault("bursar_events_delivery_lag_seconds_count", 0.0)
                - before.getOrDefault("bursar_events_delivery_lag_seconds_count", 0.0);
        lag.put("writes", count);
        Pattern le = Pattern.compile("bursar_events_delivery_lag_seconds_bucket\\{le=\"([^\"]+)\"\\}");
        Map<Double, Double> buckets = new java.util.TreeMap<>();
        for (var entry : after.entrySet()) {
            Matcher m = le.matcher(entry.getKey());
            if (m.matches() && !m.group(1).equals("+Inf")) {
                buckets.put(Double.parseDouble(m.group(1)),
                        entry.getValue() - before.getOrDefault(entry.getKey(), 0.0));
            }
        }
        Map<String, Double> within = new LinkedHashMap<>();
        buckets.forEach((bound, n) -> within.put(String.format(Locale.ROOT, "<=%.0fms", bound * 1000),
                count == 0 ? 0 : round(100.0 * n / count)));
        lag.put("pct_within", within);
        double max = after.getOrDefault("bursar_events_delivery_lag_seconds_max", 0.0);
        lag.put("max_ms_recent", round(max * 1000));
        return lag;
    }

    // --- /proc ---------------------------------------------------------------------------------
    static double rssMb() {
        if (pid <= 0) return -1;
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) / 1024.0;
                }
            }
        } catch (IOException e) {
            // the process is gone
        }
        return -1;
    }

    static String loadavg() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "";
        }
    }

    static long processTicks(long p) {
        if (p <= 0) return 0;
        try {
            String stat = Files.readString(Path.of("/proc/" + p + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime
        } catch (IOException e) {
            return 0;
        }
    }

    /** [all ticks, busy ticks] of the machine from /proc/stat. */
    static long[] machineTicks() throws IOException {
        String[] f = Files.readAllLines(Path.of("/proc/stat")).getFirst().trim().split("\\s+");
        long total = 0;
        for (int i = 1; i < f.length; i++) total += Long.parseLong(f[i]);
        long idle = Long.parseLong(f[4]) + Long.parseLong(f[5]);
        return new long[] {total, total - idle};
    }

    // --- small things --------------------------------------------------------------------------
    /** Exact percentiles of microsecond samples (they fit in memory here). */
    static final class LongHistogram {
        private long[] values = new long[1 << 16];
        private int size;

        synchronized void record(long v) {
            if (size == values.length) values = Arrays.copyOf(values, size * 2);
            values[size++] = v;
        }

        synchronized Map<String, Object> summaryMillis() {
            long[] sorted = Arrays.copyOf(values, size);
            Arrays.sort(sorted);
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("samples", size);
            if (size == 0) return s;
            for (double p : new double[] {50, 90, 99, 99.9}) {
                int i = (int) Math.min(size - 1, Math.ceil(p / 100 * size) - 1);
                s.put("p" + (p == 99.9 ? "99_9" : String.valueOf((int) p)), round(sorted[Math.max(0, i)] / 1000.0));
            }
            s.put("max", round(sorted[size - 1] / 1000.0));
            return s;
        }
    }

    static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }

    static String toJson(Object o) {
        if (o instanceof Map<?, ?> m) {
            StringBuilder b = new StringBuilder("{");
            for (var e : m.entrySet()) {
                if (b.length() > 1) b.append(", ");
                b.append(toJson(String.valueOf(e.getKey()))).append(": ").append(toJson(e.getValue()));
            }
            return b.append("}").toString();
        }
        if (o instanceof List<?> l) {
            StringBuilder b = new StringBuilder("[");
            for (Object e : l) {
                if (b.length() > 1) b.append(", ");
                b.append(toJson(e));
            }
            return b.append("]").toString();
        }
        if (o instanceof String s) {
            return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
        }
        return String.valueOf(o);
    }

    static void parse(String[] args) {
        for (int i = 0; i < args.length; i += 2) {
            String v = args[i + 1];
            switch (args[i]) {
                case "--url" -> url = v;
                case "--mgmt" -> mgmt = v;
                case "--accounts" -> accountsFile = v;
                case "--out" -> out = v;
                case "--pid" -> pid = Long.parseLong(v);
                case "--after" -> after = Long.parseLong(v);
                case "--subscribers" -> subscribers = Integer.parseInt(v);
                case "--transfer-accounts" -> transferAccounts = Integer.parseInt(v);
                case "--rate" -> rate = Double.parseDouble(v);
                case "--seconds" -> seconds = Double.parseDouble(v);
                case "--concurrency" -> concurrency = Integer.parseInt(v);
                case "--connect-concurrency" -> connectConcurrency = Integer.parseInt(v);
                case "--drain" -> drain = Double.parseDouble(v);
                case "--idle" -> idle = Double.parseDouble(v);
                case "--ws-share" -> wsShare = Double.parseDouble(v);
                case "--slow" -> slow = Integer.parseInt(v);
                case "--admin-key" -> adminKey = v;
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (url == null || accountsFile == null) {
            throw new IllegalArgumentException("--url and --accounts are required");
        }
    }
}
