package se.samtal.server.chat;

import com.nimbusds.jwt.JWTClaimsSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import se.samtal.client.SamtalConnection;
import se.samtal.protocol.ClientMessage;
import se.samtal.protocol.ErrorCode;
import se.samtal.protocol.SamtalException;
import se.samtal.server.testing.ChatTesting;
import se.samtal.server.testing.TestServer;

import java.util.ArrayList;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static se.samtal.server.testing.ChatTesting.PATIENT;
import static se.samtal.server.testing.ChatTesting.await;
import static se.samtal.server.testing.ChatTesting.createConversation;
import static se.samtal.server.testing.ChatTesting.history;
import static se.samtal.server.testing.ChatTesting.link;
import static se.samtal.server.testing.ChatTesting.send;
import static se.samtal.server.testing.ChatTesting.subscribe;

/** Every bad input of the chat gets its own typed error and changes nothing. */
class ChatBadInputIT {
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static ErrorCode refusal(Runnable call) {
        var failure = catchThrowableOfType(SamtalException.class, call::run);
        assertThat(failure).as("the request should be refused").isNotNull();
        return failure.code();
    }

    /** A conversation with a patient of its own, and that patient connected (rates are counted per person). */
    private static SamtalConnection newPatient() {
        String patient = "patient-" + UUID.randomUUID();
        String conversation = createConversation(server, patient, java.util.Map.of());
        return server.join(link(server, conversation, patient));
    }

    private static long lastSeq(SamtalConnection c) {
        return subscribe(c, null).conversation().lastSeq();
    }

    private static String conversationToken(String issuer, String secret, String conversation, String ref, String role) {
        var claims = new JWTClaimsSet.Builder(TestServer.platformClaims("unused", ref, role).build())
                .issuer(issuer).claim("session", null).claim("conversation", conversation).build();
        return TestServer.sign(claims, secret);
    }

    @Test
    void someoneWhoIsNotAMemberCannotOpenTheConversation() {
        String conversation = createConversation(server);
        String stranger = conversationToken(TestServer.ISSUER, TestServer.SECRET, conversation, "someone-else", "patient");
        assertThat(refusal(() -> server.join(stranger))).isEqualTo(ErrorCode.NOT_A_MEMBER);
        String wrongRole = conversationToken(TestServer.ISSUER, TestServer.SECRET, conversation, PATIENT, "therapist");
        assertThat(refusal(() -> server.join(wrongRole))).isEqualTo(ErrorCode.NOT_A_MEMBER);
        String platformSigned = conversationToken(TestServer.ISSUER, TestServer.SECRET, conversation, PATIENT, "patient");
        assertThat(server.join(platformSigned).welcome().conversationId()).as("the platform may sign its own links").isEqualTo(conversation);
    }

    @Test
    void anotherTenantsTokenOrKeyNeverReachesTheConversation() {
        String conversation = createConversation(server);
        String foreign = conversationToken(TestServer.OTHER_ISSUER, TestServer.OTHER_SECRET, conversation, PATIENT, "patient");
        assertThat(refusal(() -> server.join(foreign))).isEqualTo(ErrorCode.CONVERSATION_NOT_FOUND);

        var read = server.api("GET", "/api/v1/conversations/" + conversation, null, TestServer.OTHER_API_KEY);
        assertThat(read.status()).isEqualTo(404);
        assertThat(read.errorCode()).isEqualTo("conversation_not_found");
        var export = server.api("GET", "/api/v1/conversations/" + conversation + "/export", null, TestServer.OTHER_API_KEY);
        assertThat(export.status()).isEqualTo(404);
        var delete = server.api("DELETE", "/api/v1/conversations/" + conversation, null, TestServer.OTHER_API_KEY);
        assertThat(delete.status()).isEqualTo(404);
        assertThat(server.api("GET", "/api/v1/conversations/" + conversation, null).status()).isEqualTo(200);
    }

    @Test
    void aTokenForBothASessionAndAConversationOrForASessionsChatOpensNothing() {
        String session = server.bookSession();
        SamtalConnection therapist = server.join(server.link(session, "therapist-1"));
        SamtalConnection participant = ChatTesting.letIn(therapist, server.join(server.link(session, "patient-1")));
        String sessionChat = subscribe(participant, null).conversation().id();
        var both = new JWTClaimsSet.Builder(TestServer.platformClaims(session, PATIENT, "patient").build())
                .claim("conversation", sessionChat).build();
        assertThat(refusal(() -> server.join(TestServer.sign(both, TestServer.SECRET)))).isEqualTo(ErrorCode.TOKEN_CLAIMS_INVALID);
        String intoSessionChat = conversationToken(TestServer.ISSUER, TestServer.SECRET, sessionChat, "patient-1", "patient");
        assertThat(refusal(() -> server.join(intoSessionChat))).isEqualTo(ErrorCode.CONVERSATION_NOT_FOUND);
        participant.close();
        therapist.close();
    }

    @Test
    void emptyInvisibleOversizedAndBrokenMessagesAreRefusedAndStoreNothing() {
        SamtalConnection patient = newPatient();

        assertThat(refusal(() -> send(patient, ""))).isEqualTo(ErrorCode.MESSAGE_EMPTY);
        assertThat(refusal(() -> send(patient, "   \n\t  "))).isEqualTo(ErrorCode.MESSAGE_EMPTY);
        assertThat(refusal(() -> send(patient, "\u0000\u0007\u001b"))).isEqualTo(ErrorCode.MESSAGE_EMPTY);
        assertThat(refusal(() -> send(patient, "\u200b\u200b\u2060"))).isEqualTo(ErrorCode.MESSAGE_EMPTY);
        assertThat(refusal(() -> send(patient, UUID.randomUUID().toString(), null))).isEqualTo(ErrorCode.MESSAGE_EMPTY);
        assertThat(refusal(() -> send(patient, "x".repeat(4001)))).isEqualTo(ErrorCode.MESSAGE_TOO_LONG);
        assertThat(refusal(() -> send(patient, "hej\u001b[31m röd"))).isEqualTo(ErrorCode.BAD_REQUEST);
        assertThat(refusal(() -> send(patient, "nyckel med mellanslag", "hej"))).isEqualTo(ErrorCode.BAD_REQUEST);
        assertThat(refusal(() -> send(patient, null, "hej"))).isEqualTo(ErrorCode.BAD_REQUEST);
        assertThat(lastSeq(patient)).isZero();

        String longest = "ö".repeat(3999) + "😀";
        assertThat(send(patient, longest).message().text()).as("4000 characters, an emoji counting as one").isEqualTo(longest);
        assertThat(lastSeq(patient)).isEqualTo(1);
        patient.close();
    }

    @Test
    void aReusedKeyStoresNothingTwiceAndAReusedKeyWithOtherTextIsAConflict() {
        SamtalConnection patient = newPatient();
        var first = send(patient, "key-1", "Hej");
        var again = send(patient, "key-1", "Hej");
        assertThat(again.duplicate()).isTrue();
        assertThat(again.message().seq()).isEqualTo(first.message().seq());
        assertThat(refusal(() -> send(patient, "key-1", "Något annat"))).isEqualTo(ErrorCode.CONFLICT);
        assertThat(lastSeq(patient)).isEqualTo(1);
        patient.close();
    }

    @Test
    void aFloodIsCutOffWithARetryTimeAndOnlyWhatWasAllowedIsStored() throws Exception {
        SamtalConnection patient = newPatient();
        var replies = new ArrayList<CompletableFuture<?>>();
        for (int i = 0; i < 25; i++) {
            String text = "Spam " + i;
            replies.add(patient.request(id -> new ClientMessage.ChatSend(id, null, UUID.randomUUID().toString(), text)));
        }
        int acked = 0;
        int limited = 0;
        for (var reply : replies) {
            try {
                reply.get(10, TimeUnit.SECONDS);
                acked++;
            } catch (ExecutionException e) {
                var refused = (SamtalException) e.getCause();
                assertThat(refused.code()).isEqualTo(ErrorCode.RATE_LIMITED);
                assertThat(refused.retryAfterMs()).as("says when to try again").isPositive();
                limited++;
            }
        }
        assertThat(acked).as("the burst of 10, perhaps one more refilled").isBetween(10, 11);
        assertThat(limited).isEqualTo(25 - acked);
        assertThat(lastSeq(patient)).isEqualTo(acked);
        patient.close();
    }

    @Test
    void badPagesReceiptsAndForeignConversationIdsAreRefused() {
        String conversation = createConversation(server);
        String elsewhere = createConversation(server);
        SamtalConnection patient = server.join(link(server, conversation, PATIENT));
        send(patient, "Ett");

        assertThat(refusal(() -> history(patient, null, null, 0))).isEqualTo(ErrorCode.BAD_REQUEST);
        assertThat(refusal(() -> history(patient, null, null, 1000))).isEqualTo(ErrorCode.BAD_REQUEST);
        assertThat(refusal(() -> await(patient.request(id -> new ClientMessage.ChatMark(id, null, null, null)))))
                .isEqualTo(ErrorCode.BAD_REQUEST);
        assertThat(refusal(() -> await(patient.request(id -> new ClientMessage.ChatMark(id, null, null, 5L)))))
                .isEqualTo(ErrorCode.SEQUENCE_OUT_OF_RANGE);
        assertThat(refusal(() -> await(patient.request(id -> new ClientMessage.ChatSend(id, elsewhere, "k", "Hej")))))
                .isEqualTo(ErrorCode.FORBIDDEN);
        assertThat(refusal(() -> await(patient.request(id -> new ClientMessage.ChatHistory(id, elsewhere, null, null, 10)))))
                .isEqualTo(ErrorCode.FORBIDDEN);
        assertThat(lastSeq(patient)).isEqualTo(1);
        patient.close();
    }

    @Test
    void anExportNeedsThePlatformsKeyNotAMembersToken() {
        String conversation = createConversation(server);
        String patientToken = link(server, conversation, PATIENT);
        var withToken = server.api("GET", "/api/v1/conversations/" + conversation + "/export", null, patientToken);
        assertThat(withToken.status()).isEqualTo(401);
        assertThat(withToken.errorCode()).isEqualTo("unauthorized");
        var withoutKey = server.api("GET", "/api/v1/conversations/" + conversation + "/export", null, null);
        assertThat(withoutKey.status()).isEqualTo(401);
        assertThat(server.api("GET", "/api/v1/conversations/" + conversation + "/export", null).status()).isEqualTo(200);
    }

    @Test
    void requestsBeforeHelloAreRefused() throws Exception {
        SamtalConnection raw = server.client().open(server.wsUri());
        var failure = catchThrowableOfType(ExecutionException.class,
                () -> raw.request(id -> new ClientMessage.ChatSubscribe(id, null, null)).get(5, TimeUnit.SECONDS));
        assertThat(((SamtalException) failure.getCause()).code()).isEqualTo(ErrorCode.HELLO_REQUIRED);
        assertThat(raw.closed().get(5, TimeUnit.SECONDS)).isNotNull();
    }

    @Test
    void typingInAClosedConversationIsRefused() {
        String conversation = createConversation(server);
        SamtalConnection patient = server.join(link(server, conversation, PATIENT));
        server.api("POST", "/api/v1/conversations/" + conversation + "/close", null);
        assertThat(refusal(() -> await(patient.request(id -> new ClientMessage.ChatTyping(id, null)))))
                .isEqualTo(ErrorCode.CONVERSATION_CLOSED);
        patient.close();
    }
}
