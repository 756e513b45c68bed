import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Load for bench/rotate.sh: CONNECTIONS virtual threads send chat completions, each on a random
 * account's API key, for SECONDS; one more thread renames a random stored provider key every
 * EDIT_MS (each rename makes the gateway open that row again, so rows re-wrapped by the rotation
 * are opened while it runs). Every answer that is not 200 is a failure; the first few are printed.
 *
 *   java RotateLoad.java PORT KEYS_FILE SECONDS CONNECTIONS EDIT_MS
 *
 * KEYS_FILE: one "API_KEY PROVIDER_KEY_ID" per line.
 */
public class RotateLoad {
    static final String CHAT = "{\"model\":\"openai/gpt-4.1-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        List<String[]> keys = Files.readAllLines(Path.of(args[1])).stream().filter(l -> !l.isBlank()).map(l -> l.split(" ")).toList();
        long seconds = Long.parseLong(args[2]);
        int connections = Integer.parseInt(args[3]);
        long editMs = Long.parseLong(args[4]);
        String base = "http://127.0.0.1:" + port + "/api/v1";
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicLong requests = new AtomicLong(), failures = new AtomicLong(), edits = new AtomicLong(), editFailures = new AtomicLong();
        Map<String, AtomicLong> byStatus = new ConcurrentHashMap<>();
        Thread[] workers = new Thread[connections + 1];
        for (int i = 0; i < connections; i++) {
            workers[i] = Thread.ofVirtual().start(() -> {
                while (running.get()) {
                    String[] k = keys.get(ThreadLocalRandom.current().nextInt(keys.size()));
                    int status = send(http, HttpRequest.newBuilder(URI.create(base + "/chat/completions"))
                            .header("authorization", "Bearer " + k[0]).header("content-type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(CHAT)));
                    requests.incrementAndGet();
                    byStatus.computeIfAbsent(Integer.toString(status), s -> new AtomicLong()).incrementAndGet();
                    if (status != 200 && failures.incrementAndGet() <= 5) System.out.println("FAILED chat: " + status);
                }
            });
        }
        workers[connections] = Thread.ofVirtual().start(() -> {
            long n = 0;
            while (running.get()) {
                String[] k = keys.get(ThreadLocalRandom.current().nextInt(keys.size()));
                int status = send(http, HttpRequest.newBuilder(URI.create(base + "/byok/" + k[1]))
                        .header("authorization", "Bearer " + k[0]).header("content-type", "application/json")
                        .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"alias\":\"edit-" + (n++) + "\"}")));
                edits.incrementAndGet();
                if (status != 200 && editFailures.incrementAndGet() <= 5) System.out.println("FAILED edit: " + status);
                try {
                    Thread.sleep(editMs);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        long start = System.nanoTime();
        long last = 0;
        while (System.nanoTime() - start < seconds * 1_000_000_000L) {
            Thread.sleep(1000);
            long now = requests.get();
            System.out.printf("second %d: %d requests, %d failed so far%n", (System.nanoTime() - start) / 1_000_000_000L, now - last,
                    failures.get());
            last = now;
        }
        running.set(false);
        for (Thread w : workers) w.join();
        double elapsed = (System.nanoTime() - start) / 1e9;
        System.out.printf("RESULT requests=%d failed=%d edits=%d failed_edits=%d seconds=%.1f req_per_s=%.0f statuses=%s%n",
                requests.get(), failures.get(), edits.get(), editFailures.get(), elapsed, requests.get() / elapsed, byStatus);
    }

    static int send(HttpClient http, HttpRequest.Builder request) {
        try {
            return http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (Exception e) {
            return -1;
        }
    }
}
