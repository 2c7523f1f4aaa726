package se.samtal.server.report;

import se.samtal.chat.ChatObserver;
import se.samtal.chat.conversation.Conversation;
import se.samtal.chat.conversation.ConversationKind;
import se.samtal.chat.conversation.Member;
import se.samtal.chat.expectation.ChatPolicies;
import se.samtal.chat.expectation.Expectations;
import se.samtal.chat.message.Message;
import se.samtal.protocol.Role;
import se.samtal.server.record.LogWriter;
import se.samtal.server.record.VisitRecorder;

import java.time.Clock;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Writes down what follow-up counts in chat: each message of a care conversation (role, time,
 * and for the patient's side when the answer is due by the promise standing then), each closing
 * with its code and each reopening; a message in a session's chat goes to that session's visit
 * log. Through one {@link LogWriter}: observers return at once.
 */
public final class ChatActivityRecorder implements ChatObserver, AutoCloseable {
    /** Who writes on the patient's side: their messages are the ones a care team answers. */
    public static final Set<Role> PATIENT_SIDE = EnumSet.of(Role.PATIENT, Role.GUARDIAN, Role.RELATIVE);

    private final LogWriter<ChatActivity> writer;
    private final ChatActivityLog log;
    private final ChatPolicies policies;
    private final VisitRecorder visits;
    private final Clock clock;

    public ChatActivityRecorder(ChatActivityLog log, ChatPolicies policies, VisitRecorder visits, Clock clock,
                                Consumer<Integer> dropped) {
        this.log = log;
        this.policies = policies;
        this.visits = visits;
        this.clock = clock;
        this.writer = new LogWriter<>("chat-activity", 100_000, LogWriter.LINGER, log::append, dropped::accept);
    }

    /** Waits (a second at most) until what this node handed the log so far is written: before reading it. */
    public void awaitWritten() {
        writer.awaitWritten(java.time.Duration.ofSeconds(1));
    }

    @Override
    public void messageStored(Conversation conversation, Message message, List<Member> offline) {
        if (conversation.kind() == ConversationKind.SESSION) {
            if (conversation.sessionId() != null) {
                visits.chatMessage(conversation.tenantId(), conversation.sessionId(), message.senderRole(), message.sentAt());
            }
            return;
        }
        java.time.Instant dueBy = null;
        if (PATIENT_SIDE.contains(message.senderRole())) {
            var policy = policies.of(conversation.tenantId());
            var expectations = Expectations.of(conversation, policy, message.sentAt());
            if (expectations.replyWithin() != null) {
                dueBy = expectations.replyWithin().dueBy(message.sentAt(), expectations.staffedHours(),
                        expectations.staffedHours() != null ? java.time.ZoneId.of(expectations.staffedHours().zone()) : policy.zone());
            }
        }
        writer.write(new ChatActivity(conversation.tenantId(), conversation.id(), ChatActivity.What.MESSAGE, message.seq(),
                message.senderRole(), message.sentAt(), dueBy, null));
    }

    @Override
    public void conversationClosed(Conversation conversation) {
        writer.write(new ChatActivity(conversation.tenantId(), conversation.id(), ChatActivity.What.CLOSED, conversation.lastSeq(),
                null, clock.instant(), null, conversation.closingCode()));
    }

    @Override
    public void conversationReopened(Conversation conversation) {
        writer.write(new ChatActivity(conversation.tenantId(), conversation.id(), ChatActivity.What.REOPENED,
                conversation.lastSeq(), null, clock.instant(), null, null));
    }

    /** A deleted conversation leaves nothing behind here either (after what was queued before it). */
    @Override
    public void conversationDeleted(String tenantId, String conversationId) {
        writer.then(() -> log.deleteConversation(tenantId, conversationId));
    }

    @Override
    public void close() {
        writer.close();
    }
}
