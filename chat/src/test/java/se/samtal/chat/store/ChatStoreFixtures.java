package se.samtal.chat.store;

import se.samtal.chat.conversation.Conversation;
import se.samtal.chat.conversation.ConversationKind;
import se.samtal.chat.conversation.ConversationSettings;
import se.samtal.chat.conversation.ConversationStatus;
import se.samtal.chat.conversation.Member;
import se.samtal.protocol.ErrorCode;
import se.samtal.protocol.Role;
import se.samtal.protocol.SamtalException;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/** Builders and assertions for the store contract. Shipped in the test-jar with it. */
public final class ChatStoreFixtures {
    public static final String TENANT = "region-a";
    public static final String OTHER_TENANT = "provider-b";
    public static final Instant T0 = Instant.parse("2026-11-23T08:00:00Z");
    private static final AtomicLong IDS = new AtomicLong();

    private ChatStoreFixtures() {
    }

    public static String id(String prefix) {
        return prefix + IDS.incrementAndGet();
    }

    public static Member member(String ref, Role role, String name) {
        return new Member(id("m_"), ref, role, name, 1, 0, 0, T0, null);
    }

    public static Conversation care(String tenant) {
        return new Conversation(tenant, id("cv_"), ConversationKind.CARE, null, "Uppföljning", "ext-1", ConversationStatus.OPEN,
                ConversationSettings.NONE, 0, 0, null, T0, T0, null);
    }

    /** A care conversation in {@code tenant} with patient {@code p-1} and therapist {@code t-1}. */
    public static Conversation createCare(ConversationStore store, String tenant) {
        return store.createCare(care(tenant), List.of(member("p-1", Role.PATIENT, "Pim"), member("t-1", Role.THERAPIST, "Tove")),
                1000);
    }

    public static Append append(Conversation c, String senderRef, String key, String text, Instant at) {
        return new Append(c.tenantId(), c.id(), senderRef, key, text, at);
    }

    /** The error code a failed call threw (unwrapping a future's failure). */
    public static ErrorCode codeOf(ThrowingCall call) {
        Throwable failure = catchThrowable(call::run);
        if (failure instanceof CompletionException && failure.getCause() != null) {
            failure = failure.getCause();
        }
        assertThat(failure).as("the call should fail with a typed error").isInstanceOf(SamtalException.class);
        return ((SamtalException) failure).code();
    }

    @FunctionalInterface
    public interface ThrowingCall {
        void run() throws Exception;
    }
}
