package se.samtal.loadtest.platform;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;

/**
 * The platform's side of samtal, as a treatment platform calls it: book sessions, mint join
 * links, open care conversations (docs/platform-api.md). Asynchronous, on the JDK's HTTP client,
 * with at most {@code maxInFlight} calls at a time (so a benchmark cannot open unbounded connections).
 */
public final class PlatformClient implements AutoCloseable {
    private final URI base;
    private final String apiKey;
    private final ObjectMapper json;
    private final HttpClient http;
    private final Semaphore inFlight;
    private final ConcurrentLinkedQueue<Runnable> waiting = new ConcurrentLinkedQueue<>();

    public PlatformClient(URI base, String apiKey, ObjectMapper json, int maxInFlight) {
        this.base = base;
        this.apiKey = apiKey;
        this.json = json;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
        this.inFlight = new Semaphore(maxInFlight);
    }

    /** Books a session of {@code kind} starting now for an hour, expecting {@code people}; completes with its id. */
    public CompletableFuture<String> bookSession(String kind, List<Person> people) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        var body = new LinkedHashMap<String, Object>();
        body.put("kind", kind);
        body.put("title", "Belastningstest");
        body.put("scheduledStart", now.toString());
        body.put("scheduledEnd", now.plus(1, ChronoUnit.HOURS).toString());
        body.put("participants", people.stream().map(PlatformClient::person).toList());
        return call("POST", "/api/v1/sessions", body, 201).thenApply(r -> r.get("id").asText());
    }

    /** Mints a join link for someone the booking expects; completes with the token. */
    public CompletableFuture<String> sessionLink(String sessionId, String ref) {
        return call("POST", "/api/v1/sessions/" + sessionId + "/links", Map.of("ref", ref), 201)
                .thenApply(r -> r.get("token").asText());
    }

    /** Mints a link for each of {@code people} to the session; completes with their tokens, in that order. */
    public CompletableFuture<List<String>> sessionLinks(String sessionId, List<Person> people) {
        var links = people.stream().map(p -> sessionLink(sessionId, p.ref())).toList();
        return CompletableFuture.allOf(links.toArray(CompletableFuture[]::new))
                .thenApply(v -> links.stream().map(CompletableFuture::join).toList());
    }

    /** Opens a care conversation between {@code members}; completes with its id. */
    public CompletableFuture<String> openConversation(List<Person> members) {
        var body = Map.of("title", "Belastningstest", "members", members.stream().map(PlatformClient::person).toList());
        return call("POST", "/api/v1/conversations", body, 201).thenApply(r -> r.get("id").asText());
    }

    /** Mints a link to a care conversation for one of its members; completes with the token. */
    public CompletableFuture<String> conversationLink(String conversationId, String ref) {
        return call("POST", "/api/v1/conversations/" + conversationId + "/links", Map.of("ref", ref), 201)
                .thenApply(r -> r.get("token").asText());
    }

    private static Map<String, String> person(Person p) {
        return Map.of("ref", p.ref(), "role", p.role(), "name", p.name());
    }

    /** Calls the API; completes with the JSON body if the status is {@code expected}, fails otherwise. */
    public CompletableFuture<JsonNode> call(String method, String path, Object body, int expected) {
        HttpRequest request;
        try {
            request = HttpRequest.newBuilder(base.resolve(path))
                    .timeout(Duration.ofSeconds(30))
                    .header("Authorization", "Bearer " + apiKey)
                    .header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(body)))
                    .build();
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
        var sent = new CompletableFuture<HttpResponse<byte[]>>();
        whenFree(() -> http.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray()).whenComplete((r, e) -> {
            release();
            if (e != null) {
                sent.completeExceptionally(e);
            } else {
                sent.complete(r);
            }
        }));
        return sent.thenApply(response -> {
            if (response.statusCode() != expected) {
                throw new IllegalStateException(method + " " + path.replaceAll("/[a-z]+_[A-Za-z0-9_-]+", "/{id}")
                        + " answered " + response.statusCode() + ": " + new String(response.body()));
            }
            try {
                return json.readTree(response.body());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** Runs {@code call} now if fewer than the limit are in flight, else when one finishes (never blocks the caller). */
    private void whenFree(Runnable call) {
        waiting.add(call);
        drain();
    }

    private void release() {
        inFlight.release();
        drain();
    }

    private void drain() {
        while (!waiting.isEmpty() && inFlight.tryAcquire()) {
            Runnable next = waiting.poll();
            if (next == null) {
                inFlight.release();
                return;
            }
            next.run();
        }
    }

    @Override
    public void close() {
        http.close();
    }
}
