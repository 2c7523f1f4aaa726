package se.samtal.loadtest.soak;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import se.samtal.loadtest.bench.Machine;
import se.samtal.loadtest.peer.Frames;
import se.samtal.loadtest.process.RedisProcess;
import se.samtal.loadtest.process.SamtalServerProcess;
import se.samtal.loadtest.wire.WsClient;
import se.samtal.protocol.WireCodec;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The soak (docs/performance.md, "Soak"): three samtal nodes on one Redis under the Gatling
 * clinic scenarios and the soak's own writers and visits, while nodes are killed (SIGKILL) and
 * Redis is restarted at random. At the end it counts, from what the server answered and what it
 * holds: acknowledged messages lost, duplicated or reordered; errors that said "not stored" of
 * a message that was stored (false errors); messages without their audit entry, and gaps in the
 * audit chain; webhooks the platform never received. Zero of each is the target; the exit status
 * is 0 only then.
 *
 * <pre>java -cp samtal-bench.jar se.samtal.loadtest.soak.Soak --server-jar J --run-dir D [--duration 10m]
 *     [--writers 12] [--seed N] [--repo ROOT (runs the Gatling scenarios with mvn in ROOT)]</pre>
 */
public final class Soak {
    private Soak() {
    }

    public static void main(String[] args) throws Exception {
        var options = Options.parse(args);
        Files.createDirectories(options.runDir);
        var json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        var codec = new WireCodec();
        var frames = new Frames(WireCodec.newMapper());
        long start = System.nanoTime();
        long loadEnd = start + options.duration.toNanos();
        long drainEnd = loadEnd + TimeUnit.SECONDS.toNanos(120);
        var report = new LinkedHashMap<String, Object>();
        report.put("startedAt", Instant.now().toString());
        report.put("duration", options.duration.toString());
        report.put("seed", options.seed);
        report.put("machine", Machine.describe());
        report.put("loadAverageAtStart", Machine.loadAverage());
        System.out.println("Soak for " + options.duration + " (seed " + options.seed + "), run directory " + options.runDir);
        boolean allZero;

        try (var redis = RedisProcess.start(SamtalServerProcess.freePort(), options.runDir.resolve("redis"));
             var platform = new PlatformReceiver();
             var cluster = SoakCluster.start(options.serverJar, options.runDir, 3, redis.url(), platform.url(), "soak-" + options.seed
                     + "-webhook-secret-long-enough");
             var api = new LiveApi(cluster, new ObjectMapper());
             var client = new WsClient(2, 1)) {
            System.out.println("Three nodes up: " + cluster.nodes().stream().map(n -> n.http().toString()).toList());
            var outcomes = new ConversationWriter.Outcomes();
            var writers = new ArrayList<ConversationWriter>();
            for (int i = 0; i < options.writers; i++) {
                String conversation = api.call("POST", "/api/v1/conversations", Map.of("title", "Soak " + i, "members", List.of(
                        Map.of("ref", ConversationWriter.patientRef(i), "role", "patient", "name", "Patient"),
                        Map.of("ref", "soak-t-" + i, "role", "therapist", "name", "Terapeut"))), 201, Duration.ofSeconds(30))
                        .get("id").asText();
                writers.add(new ConversationWriter(i, conversation, cluster, api, client, codec, frames, options.pause, loadEnd,
                        drainEnd, outcomes));
            }
            var visits = new Visits(cluster, api, client, codec, frames, Duration.ofSeconds(5), loadEnd);
            var faults = new Faults(cluster, redis, options.seed, Duration.ofSeconds(25), Duration.ofSeconds(55), loadEnd);
            var gatling = options.repo == null ? null : new GatlingLoop(options.repo, options.runDir, cluster, loadEnd);
            var threads = new ArrayList<Thread>();
            writers.forEach(w -> threads.add(Thread.ofVirtual().name("soak-writer").start(w)));
            threads.add(Thread.ofVirtual().name("soak-visits").start(visits));
            var faultThread = Thread.ofPlatform().name("soak-faults").start(faults);
            var gatlingThread = gatling == null ? null : Thread.ofPlatform().name("soak-gatling").start(gatling);

            faultThread.join();
            System.out.println("Load ends; faults over. Waiting for the writers to learn every outcome …");
            for (Thread t : threads) {
                t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(drainEnd - System.nanoTime()) + 5000));
            }
            if (gatlingThread != null) {
                gatlingThread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(loadEnd - System.nanoTime()) + 1000));
                gatling.stop(Duration.ofSeconds(10));
                gatlingThread.join(15000);
            }
            awaitReady(cluster);
            visits.settle();
            report.put("loadAverageAtEnd", Machine.loadAverage());
            report.put("faults", Map.of("nodeKills", faults.nodeKills, "redisRestarts", faults.redisRestarts, "log", faults.log));
            if (gatling != null) {
                report.put("gatling", Map.of("requests", gatling.requests, "failed", gatling.failed, "runs", gatling.runs));
            }
            report.put("writers", writerFigures(outcomes, writers));
            var checks = new Checks(api, platform, outcomes);
            report.put("checks", checks.run(writers, visits));
            Files.writeString(options.runDir.resolve("soak.json"), json.writeValueAsString(report));
            System.out.println(json.writeValueAsString(report.get("checks")));
            System.out.println("Report: " + options.runDir.resolve("soak.json"));
            allZero = checks.allZero();
        }
        System.exit(allZero ? 0 : 1);
    }

    private static Map<String, Object> writerFigures(ConversationWriter.Outcomes outcomes, List<ConversationWriter> writers) {
        var figures = new LinkedHashMap<String, Object>();
        figures.put("conversations", writers.size());
        figures.put("messagesSent", outcomes.sent.sum());
        figures.put("acknowledged", outcomes.acks.sum());
        figures.put("connectionsOpened", outcomes.reconnects.sum());
        var replies = new LinkedHashMap<String, Long>();
        outcomes.replies.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> replies.put(e.getKey(), e.getValue().sum()));
        figures.put("replies", replies);
        return figures;
    }

    private static void awaitReady(SoakCluster cluster) throws InterruptedException {
        try (var http = java.net.http.HttpClient.newHttpClient()) {
            for (var node : cluster.nodes()) {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
                while (System.nanoTime() < deadline) {
                    try {
                        var r = http.send(java.net.http.HttpRequest.newBuilder(node.http().resolve("/readyz")).build(),
                                java.net.http.HttpResponse.BodyHandlers.discarding());
                        if (r.statusCode() == 200) {
                            break;
                        }
                    } catch (java.io.IOException notYet) {
                        // down still
                    }
                    TimeUnit.MILLISECONDS.sleep(250);
                }
            }
        }
    }

    static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** What the soak counts at the end. */
    static final class Checks {
        private final LiveApi api;
        private final PlatformReceiver platform;
        private final ConversationWriter.Outcomes outcomes;
        private final Map<String, Long> zeroes = new LinkedHashMap<>();

        Checks(LiveApi api, PlatformReceiver platform, ConversationWriter.Outcomes outcomes) {
            this.api = api;
            this.platform = platform;
            this.outcomes = outcomes;
        }

        boolean allZero() {
            return zeroes.values().stream().allMatch(v -> v == 0);
        }

        Map<String, Object> run(List<ConversationWriter> writers, Visits visits) throws InterruptedException {
            long lost = 0, duplicated = 0, reordered = 0, falseErrors = 0, stored = 0, acked = 0, unresolved = 0;
            long auditMissing = 0;
            var expectedCreated = new ArrayList<String>();
            for (var writer : writers) {
                var history = history(writer.conversationId);
                stored += history.size();
                var seqOfText = new LinkedHashMap<String, Long>();
                long previous = 0;
                for (var m : history) {
                    if (seqOfText.put(m.text(), m.seq()) != null) {
                        duplicated++;
                    }
                    if (m.seq() != previous + 1) {
                        reordered++; // history must be 1, 2, 3, … without gaps, oldest first
                    }
                    previous = m.seq();
                    expectedCreated.add(PlatformReceiver.message(writer.conversationId, m.seq()));
                }
                long lastAckedSeq = 0;
                for (var e : writer.acked.entrySet()) {
                    acked++;
                    Long seq = seqOfText.get(textOf(e.getKey()));
                    if (seq == null) {
                        lost++;
                    } else if (!seq.equals(e.getValue()) || seq <= lastAckedSeq) {
                        reordered++; // acked at another place than it is, or before a message acked earlier
                    }
                    lastAckedSeq = Math.max(lastAckedSeq, e.getValue());
                }
                for (String key : writer.givenUp.keySet()) {
                    if (seqOfText.containsKey(textOf(key))) {
                        falseErrors++;
                    }
                }
                unresolved += writer.unresolved.size();
                var audited = auditedSeqs(writer.conversationId);
                for (var m : history) {
                    if (!audited.contains(m.seq())) {
                        auditMissing++;
                    }
                }
            }
            var verification = api.call("GET", "/api/v1/audit/verify", null, 200, Duration.ofSeconds(120));
            long gaps = 0;
            for (JsonNode gap : verification.path("verification").path("gaps")) {
                gaps += gap.path("lost").asLong(1);
            }
            for (JsonNode gap : verification.path("gaps")) {
                gaps += gap.path("lost").asLong(1);
            }
            boolean intact = verification.findValues("intact").stream().allMatch(JsonNode::asBoolean);
            // Webhooks: every stored message's message.created (its therapist is never connected) and every ended session's session.ended.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
            long createdMissing;
            long endedMissing;
            do {
                createdMissing = expectedCreated.stream().filter(k -> !platform.messagesCreated.contains(k)).count();
                endedMissing = visits.ended.stream().filter(s -> !platform.sessionsEnded.contains(s)).count();
                if (createdMissing == 0 && endedMissing == 0) {
                    break;
                }
                TimeUnit.SECONDS.sleep(1);
            } while (System.nanoTime() < deadline);

            var missedCreated = new ArrayList<String>();
            for (var writer : writers) {
                for (var e : writer.acked.entrySet()) {
                    if (!platform.messagesCreated.contains(PlatformReceiver.message(writer.conversationId, e.getValue()))
                            && missedCreated.size() < 20) {
                        missedCreated.add(e.getKey() + " (seq " + e.getValue() + "): "
                                + writer.troubled.getOrDefault(e.getKey(), List.of("ack")));
                    }
                }
            }
            falseErrors += outcomes.falseRefusals.sum(); // "not stored" answered, then found stored by its key
            zeroes.put("acknowledgedLost", lost);
            zeroes.put("acknowledgedDuplicated", duplicated);
            zeroes.put("reordered", reordered);
            zeroes.put("falseErrors", falseErrors);
            zeroes.put("outcomesNeverLearnt", unresolved);
            zeroes.put("auditEntriesMissing", auditMissing);
            zeroes.put("auditChainGapsLost", gaps);
            zeroes.put("auditChainBroken", intact ? 0L : 1L);
            zeroes.put("webhooksLostMessageCreated", createdMissing);
            zeroes.put("webhooksLostSessionEnded", endedMissing);
            var result = new LinkedHashMap<String, Object>(zeroes);
            result.put("messagesAcknowledged", acked);
            result.put("messagesStored", stored);
            result.put("sessionsEnded", visits.ended.size());
            result.put("webhookDeliveries", platform.deliveries.sum());
            result.put("webhookDeliveriesRepeated", platform.repeated.sum());
            result.put("messageCreatedMissing", missedCreated);
            result.put("auditEntriesVerified", verification.findValues("checked").stream().mapToLong(JsonNode::asLong).sum());
            return result;
        }

        private static String textOf(String key) {
            String[] parts = key.split("-"); // soak-<writer>-<n>
            return ConversationWriter.text(Integer.parseInt(parts[1]), Integer.parseInt(parts[2]));
        }

        private record Stored(long seq, String text) {
        }

        /** The whole conversation as the API's export reads it, oldest first. */
        private List<Stored> history(String conversation) throws InterruptedException {
            var all = new ArrayList<Stored>();
            long after = 0;
            while (true) {
                JsonNode export = api.call("GET", "/api/v1/conversations/" + conversation + "/export?format=json&afterSeq=" + after,
                        null, 200, Duration.ofSeconds(60));
                for (JsonNode m : export.path("messages")) {
                    all.add(new Stored(m.path("seq").asLong(), m.path("text").asText()));
                }
                if (!export.path("more").asBoolean(false)) {
                    return all;
                }
                after = export.path("nextAfterSeq").asLong();
            }
        }

        private java.util.Set<Long> auditedSeqs(String conversation) throws InterruptedException {
            var seqs = new java.util.HashSet<Long>();
            String cursor = null;
            do {
                JsonNode page = api.call("GET", "/api/v1/audit/conversations/" + conversation + "?limit=1000"
                        + (cursor == null ? "" : "&cursor=" + encode(cursor)), null, 200, Duration.ofSeconds(60));
                for (JsonNode item : page.path("items")) {
                    if (item.path("action").asText().equals("chat.message_sent")) {
                        seqs.add(item.path("detail").path("seq").asLong());
                    }
                }
                cursor = page.hasNonNull("nextCursor") ? page.get("nextCursor").asText() : null;
            } while (cursor != null);
            return seqs;
        }
    }

    private record Options(Path serverJar, Path runDir, Duration duration, int writers, Duration pause, long seed, Path repo) {
        static Options parse(String[] args) {
            Path jar = null;
            Path dir = null;
            Path repo = null;
            Duration duration = Duration.ofMinutes(10);
            int writers = 12;
            Duration pause = Duration.ofMillis(400);
            long seed = System.currentTimeMillis();
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--server-jar" -> jar = Path.of(args[++i]);
                    case "--run-dir" -> dir = Path.of(args[++i]);
                    case "--repo" -> repo = Path.of(args[++i]);
                    case "--duration" -> duration = duration(args[++i]);
                    case "--writers" -> writers = Integer.parseInt(args[++i]);
                    case "--pause" -> pause = duration(args[++i]);
                    case "--seed" -> seed = Long.parseLong(args[++i]);
                    default -> throw new IllegalArgumentException("unknown option " + args[i]);
                }
            }
            if (jar == null || dir == null) {
                throw new IllegalArgumentException("--server-jar and --run-dir are required");
            }
            return new Options(jar, dir, duration, writers, pause, seed, repo);
        }

        /** {@code 90s}, {@code 10m}, {@code 400ms}. */
        static Duration duration(String text) {
            if (text.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(text.substring(0, text.length() - 2)));
            }
            long n = Long.parseLong(text.substring(0, text.length() - 1));
            return switch (text.charAt(text.length() - 1)) {
                case 's' -> Duration.ofSeconds(n);
                case 'm' -> Duration.ofMinutes(n);
                case 'h' -> Duration.ofHours(n);
                default -> throw new IllegalArgumentException("a duration like 90s, 10m or 400ms: " + text);
            };
        }
    }
}
