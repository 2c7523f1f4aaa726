package se.samtal.server.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import se.samtal.client.SamtalConnection;
import se.samtal.protocol.ClientMessage;
import se.samtal.protocol.SamtalException;
import se.samtal.protocol.WireCodec;
import se.samtal.protocol.chat.ChatResults;

import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Helpers for chat tests: open care conversations through the API and talk in them with the Java client. */
public final class ChatTesting {
    public static final String PATIENT = "patient-1";
    public static final String THERAPIST = "therapist-1";
    private static final WireCodec CODEC = new WireCodec();

    private ChatTesting() {
    }

    /**
     * The host lets {@code guest} in from the waiting room (a session's chat is for those let in)
     * and waits until the guest is told; returns the guest.
     */
    public static SamtalConnection letIn(SamtalConnection host, SamtalConnection guest) {
        String id = guest.welcome().you().participantId();
        await(host.request(r -> new ClientMessage.Admit(r, id)));
        try {
            var seen = guest.awaitEvent(se.samtal.protocol.ServerMessage.Presence.class,
                    p -> p.participant().participantId().equals(id) && p.participant().stage() == se.samtal.protocol.Stage.ADMITTED,
                    java.time.Duration.ofSeconds(10));
            if (seen == null) {
                throw new AssertionError("the guest was not told they were let in");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
        return guest;
    }

    /** Opens a care conversation between Patient Pim and Terapeut Tove; returns its id. */
    public static String createConversation(TestServer server) {
        return createConversation(server, Map.of());
    }

    /** Opens a care conversation, with extra fields in the body (replyWithin, staffedHours, ...). */
    public static String createConversation(TestServer server, Map<String, Object> extra) {
        return createConversation(server, PATIENT, extra);
    }

    /**
     * Opens a care conversation for the patient {@code patientRef} (rates are counted per person,
     * so tests of limits give each conversation its own patient).
     */
    public static String createConversation(TestServer server, String patientRef, Map<String, Object> extra) {
        var body = new java.util.LinkedHashMap<String, Object>();
        body.put("title", "ADHD-uppföljning");
        body.put("externalRef", "case-17");
        body.put("members", List.of(
                Map.of("ref", patientRef, "role", "patient", "name", "Patient Pim"),
                Map.of("ref", THERAPIST, "role", "therapist", "name", "Terapeut Tove")));
        body.putAll(extra);
        var response = server.api("POST", "/api/v1/conversations", body);
        if (response.status() != 201) {
            throw new AssertionError("creating a conversation failed: " + response.status() + " " + response.raw().body());
        }
        return response.body().get("id").asText();
    }

    /** Mints a member's link through the API; returns the token. */
    public static String link(TestServer server, String conversationId, String ref) {
        var response = server.api("POST", "/api/v1/conversations/" + conversationId + "/links", Map.of("ref", ref));
        if (response.status() != 201) {
            throw new AssertionError("minting failed: " + response.status() + " " + response.raw().body());
        }
        return response.body().get("token").asText();
    }

    public static <T> T as(JsonNode node, Class<T> type) {
        try {
            return CODEC.mapper().treeToValue(node, type);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static ChatResults.Subscribed subscribe(SamtalConnection c, Long afterSeq) {
        return as(await(c.request(id -> new ClientMessage.ChatSubscribe(id, null, afterSeq))), ChatResults.Subscribed.class);
    }

    public static ChatResults.Sent send(SamtalConnection c, String text) {
        return send(c, UUID.randomUUID().toString(), text);
    }

    public static ChatResults.Sent send(SamtalConnection c, String key, String text) {
        return as(await(c.request(id -> new ClientMessage.ChatSend(id, null, key, text))), ChatResults.Sent.class);
    }

    public static ChatResults.Page history(SamtalConnection c, Long beforeSeq, Long afterSeq, Integer limit) {
        return as(await(c.request(id -> new ClientMessage.ChatHistory(id, null, beforeSeq, afterSeq, limit))), ChatResults.Page.class);
    }

    /** Every message of the connection's conversation, oldest first, page by page. */
    public static List<se.samtal.protocol.chat.ChatMessageView> readAll(SamtalConnection c) {
        var all = new java.util.ArrayList<se.samtal.protocol.chat.ChatMessageView>();
        long after = 0;
        while (true) {
            ChatResults.Page page = history(c, null, after, 100);
            all.addAll(page.messages());
            if (!page.more()) {
                return all;
            }
            after = page.messages().getLast().seq();
        }
    }

    /** Waits for a reply; a refusal comes out as the server's {@link SamtalException}. */
    public static JsonNode await(CompletableFuture<JsonNode> reply) {
        try {
            return reply.get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof SamtalException se) {
                throw se;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException | TimeoutException e) {
            throw new IllegalStateException(e);
        }
    }
}
