package se.samtal.loadtest.gatling;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatling.http.action.ws.WsInboundMessage;
import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.CheckBuilder;
import io.gatling.javaapi.core.Session;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import io.gatling.javaapi.http.WsFrameCheck;
import se.samtal.protocol.ClientMessage;
import se.samtal.protocol.WireCodec;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.BiPredicate;

import static io.gatling.javaapi.core.CoreDsl.asLongAsDuring;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.pause;
import static io.gatling.javaapi.core.CoreDsl.jsonPath;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.ws;

/**
 * samtal's protocol in Gatling's terms. Requests are built as the protocol's own records and
 * encoded by its {@link WireCodec}; every request carries a fresh id and its reply is awaited
 * <em>by that id</em> ({@code matching}), so a request is OK only when its own {@code ack} came
 * back. Events pushed to a connection because of what <em>another</em> connection did (someone was
 * let in, a relayed offer, a chat message) are collected from Gatling's buffer of unmatched inbound
 * messages into a per-connection inbox, and {@link #expectPushed} waits for one there.
 *
 * <p>Two ways of Gatling 3.15 shape the scenarios: while a check waits on a connection, frames
 * that do not match it are dropped, not buffered; and every frame <em>sent</em> on a connection
 * empties its buffer of unmatched messages. So events that come on the same connection before a
 * request's reply are part of that request's check sequence, and a connection that expects a push
 * sends nothing until it has it (the flows are ordered so).
 */
final class SamtalDsl {
    static final WireCodec CODEC = new WireCodec();
    static final Duration REPLY_TIMEOUT = Duration.ofSeconds(10);
    /** How long {@link #expectPushed} waits for an event before it fails. */
    static final Duration PUSH_TIMEOUT = Duration.ofSeconds(10);
    private static final String REQUEST_ID = "samtal.requestId";
    private static final String REQUEST_COUNT = "samtal.requests";
    private static final String INBOX = "samtal.inbox.";
    private static final long POLL_MILLIS = 10;
    /**
     * Gatling records the sending of a frame as a request of its own (always about 0 ms) besides
     * the check that awaits the reply. The check carries the request's label, so its time is the
     * round trip; the send is named apart so that it does not pose as one.
     */
    static final String SENT = " (sent)";

    private SamtalDsl() {
    }

    /** HTTP (the platform API, with the tenant's key) and WebSocket to the target; nothing outside it. */
    static HttpProtocolBuilder protocol(Target target) {
        return http.baseUrl(target.baseUrl())
                .wsBaseUrl(target.webSocketBase())
                .disableWarmUp()
                .acceptHeader("application/json")
                .wsUnmatchedInboundMessageBufferSize(10_000);
    }

    /** Opens connection {@code socket} and says hello with the join token in session attribute {@code tokenKey}. */
    static ChainBuilder join(String socket, String tokenKey, CheckBuilder... welcomeChecks) {
        return exec(ws(socket + ": connect").wsName(socket).connect("/ws"))
                .exec(hello(socket, socket + ": hello", (s, id) -> ClientMessage.Hello.withToken(id, s.getString(tokenKey)),
                        welcomeChecks));
    }

    /** Sends a {@code hello} on connection {@code socket} (opened already) and awaits the welcome by id. */
    static ChainBuilder hello(String socket, String label, BiFunction<Session, String, ClientMessage> hello,
                              CheckBuilder... welcomeChecks) {
        return request(socket, label, "welcome", List.of(), hello, welcomeChecks);
    }

    /** Sends a request on connection {@code socket} and awaits its {@code ack} by id. */
    static ChainBuilder request(String socket, String label, BiFunction<Session, String, ClientMessage> message,
                                CheckBuilder... resultChecks) {
        return request(socket, label, "ack", List.of(), message, resultChecks);
    }

    /**
     * Sends a request and awaits, in this order, the events the server sends to this same
     * connection <em>before</em> its reply (such as {@code call.peer} before the ack of
     * {@code call.join}), then the reply by id. Gatling drops frames that do not match the check
     * it is waiting for, so such events must be part of the request's check sequence.
     */
    static ChainBuilder request(String socket, String label, List<WsFrameCheck> eventsFirst,
                                BiFunction<Session, String, ClientMessage> message, CheckBuilder... resultChecks) {
        return request(socket, label, "ack", eventsFirst, message, resultChecks);
    }

    private static ChainBuilder request(String socket, String label, String replyType, List<WsFrameCheck> eventsFirst,
                                        BiFunction<Session, String, ClientMessage> message, CheckBuilder... resultChecks) {
        var checks = new ArrayList<CheckBuilder>();
        checks.add(jsonPath("$.code").notExists()); // an error names its code in the failure
        checks.add(jsonPath("$.type").is(replyType));
        checks.addAll(List.of(resultChecks));
        var sequence = new ArrayList<>(eventsFirst);
        sequence.add(ws.checkTextMessage(label).matching(jsonPath("$.id").is(session -> session.getString(REQUEST_ID))).check(checks));
        return exec(SamtalDsl::nextRequestId).exec(ws(label + SENT).wsName(socket)
                .sendText(session -> CODEC.encodeToString(message.apply(session, session.getString(REQUEST_ID))))
                .await(REPLY_TIMEOUT).on(sequence));
    }

    /** An event of {@code type} that arrives as part of a request's check sequence, with checks on it. */
    static WsFrameCheck eventCheck(String label, String type, CheckBuilder... checks) {
        return ws.checkTextMessage(label).matching(jsonPath("$.type").is(type)).check(checks);
    }

    /**
     * Waits until connection {@code socket} has been pushed an event that {@code wanted} accepts
     * (also one that came before this step) and saves it as JSON text in {@code saveAs}. It looks
     * in the connection's inbox every {@value #POLL_MILLIS} ms, for at most {@link #PUSH_TIMEOUT},
     * sending nothing on the connection meanwhile (see the class comment). The wait itself is not
     * a request and does not show in the report; if the event never comes, a request named
     * {@code label + ": not received"} fails (KO) and the virtual user stops.
     */
    static ChainBuilder expectPushed(String socket, String label, BiPredicate<Session, JsonNode> wanted, String saveAs) {
        return exec(exec(session -> session.remove(saveAs)), collect(socket), exec(session -> take(session, socket, wanted, saveAs)))
                .asLongAsDuring(session -> !session.contains(saveAs), session -> PUSH_TIMEOUT).on(
                        pause(Duration.ofMillis(POLL_MILLIS)), collect(socket), exec(session -> take(session, socket, wanted, saveAs)))
                .doIf(session -> !session.contains(saveAs)).then(
                        request(socket, label + ": not received", (s, id) -> new ClientMessage.Ping(id),
                                jsonPath("$.id").transformWithSession((id, s) -> s.contains(saveAs)).is(true)))
                .exitHereIfFailed();
    }

    private static Session nextRequestId(Session session) {
        int n = session.contains(REQUEST_COUNT) ? session.getInt(REQUEST_COUNT) + 1 : 1;
        return session.set(REQUEST_COUNT, n).set(REQUEST_ID, "g" + n);
    }

    /** Forgets what connection {@code socket} was pushed (before it reconnects: a new connection, a new inbox). */
    static ChainBuilder clearInbox(String socket) {
        return exec(session -> session.remove(INBOX + socket));
    }

    private static ChainBuilder collect(String socket) {
        return exec(ws.processUnmatchedMessages(socket, (messages, session) -> {
            var inbox = new ArrayList<String>(inbox(session, socket));
            for (WsInboundMessage message : messages) {
                if (message instanceof WsInboundMessage.Text text) {
                    inbox.add(text.message());
                }
            }
            return session.set(INBOX + socket, List.copyOf(inbox));
        }));
    }

    private static Session take(Session session, String socket, BiPredicate<Session, JsonNode> wanted, String saveAs) {
        var inbox = new ArrayList<String>(inbox(session, socket));
        for (int i = 0; i < inbox.size(); i++) {
            JsonNode frame = parse(inbox.get(i));
            if (!frame.has("id") && wanted.test(session, frame)) {
                String found = inbox.remove(i);
                return session.set(INBOX + socket, List.copyOf(inbox)).set(saveAs, found);
            }
        }
        return session;
    }

    private static List<String> inbox(Session session, String socket) {
        return session.contains(INBOX + socket) ? session.getList(INBOX + socket) : List.of();
    }

    /** A pushed event's JSON (as saved by {@link #expectPushed}). */
    static JsonNode parse(String json) {
        try {
            return CODEC.mapper().readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A {@code presence} event saying {@code participantIdKey}'s participant is now at {@code stage}. */
    static BiPredicate<Session, JsonNode> presence(String participantIdKey, String field, String value) {
        return (session, event) -> "presence".equals(event.path("type").asText())
                && session.getString(participantIdKey).equals(event.path("participant").path("participantId").asText())
                && value.equals(event.path("participant").path(field).asText());
    }

    /** An event of {@code type}. */
    static BiPredicate<Session, JsonNode> event(String type) {
        return (session, event) -> type.equals(event.path("type").asText());
    }

    /** A relayed {@code signal} carrying a description of {@code type}, or a candidate ({@code type} "candidate"). */
    static BiPredicate<Session, JsonNode> signal(String type) {
        return (session, event) -> "signal".equals(event.path("type").asText())
                && (type.equals("candidate") ? event.has("candidate") : type.equals(event.path("description").path("type").asText()));
    }

    /** A {@code chat.message} whose text is the session's attribute {@code textKey}. */
    static BiPredicate<Session, JsonNode> chatMessage(String textKey) {
        return (session, event) -> "chat.message".equals(event.path("type").asText())
                && session.getString(textKey).equals(event.path("message").path("text").asText());
    }
}
