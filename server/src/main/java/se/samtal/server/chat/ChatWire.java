package se.samtal.server.chat;

import se.samtal.chat.ChatService;
import se.samtal.chat.ConversationState;
import se.samtal.chat.conversation.Member;
import se.samtal.chat.expectation.Expectations;
import se.samtal.chat.live.ChatEvent;
import se.samtal.chat.message.Message;
import se.samtal.chat.store.HistoryPage;
import se.samtal.server.gateway.EncodedMessage;
import se.samtal.server.gateway.LastFrame;
import se.samtal.protocol.ServerMessage;
import se.samtal.protocol.WireCodec;
import se.samtal.protocol.chat.ChatMessageView;
import se.samtal.protocol.chat.ChatResults;
import se.samtal.protocol.chat.ConversationView;
import se.samtal.protocol.chat.ExpectationsView;
import se.samtal.protocol.chat.MemberView;

import java.util.List;

/**
 * Chat as the wire shows it: the chat engine's values turned into protocol records. Person refs
 * never go on the wire; a message's idempotency key goes only to the member who sent it.
 */
public final class ChatWire {
    private final int typingMillis;
    /** Every subscriber of a conversation gets the same bytes of an event. */
    private final LastFrame<ChatEvent> encoded = new LastFrame<>(this::event);

    ChatWire(int typingMillis) {
        this.typingMillis = typingMillis;
    }

    static ChatMessageView message(Message m, String readerMemberId) {
        var sender = new ChatMessageView.SenderView(m.senderId(), m.senderRole(), m.senderName());
        String key = m.senderId().equals(readerMemberId) ? m.idempotencyKey() : null;
        return new ChatMessageView(m.seq(), m.sentAt(), sender, m.text(), key);
    }

    static List<ChatMessageView> messages(List<Message> messages, String readerMemberId) {
        return messages.stream().map(m -> message(m, readerMemberId)).toList();
    }

    static MemberView member(Member m) {
        return new MemberView(m.id(), m.role(), m.name(), m.deliveredSeq(), m.readSeq());
    }

    static ConversationView conversation(ConversationState state) {
        var c = state.conversation();
        return new ConversationView(c.id(), c.kind().wire(), c.title(), c.status().wire(), c.sessionId(),
                state.members().stream().map(ChatWire::member).toList(), c.lastSeq(), c.purgedThroughSeq(),
                expectations(state.expectations()));
    }

    public static ExpectationsView expectations(Expectations e) {
        var hours = e.staffedHours() == null ? null
                : new ExpectationsView.StaffedHoursView(e.staffedHours().zone(), e.staffedHours().weekly(),
                        e.staffedHours().closedDates());
        var reply = e.replyWithin() == null ? null
                : new ExpectationsView.ReplyWithinView(e.replyWithin().amount(), e.replyWithin().unit().wire());
        return new ExpectationsView(e.live() ? "live" : "async", e.staffedNow(), e.nextStaffed(), hours, reply, e.urgentHelp());
    }

    static ChatResults.Subscribed subscribed(ChatService.Subscribed s) {
        String you = s.you().id();
        return new ChatResults.Subscribed(conversation(s.state()), you, s.you().deliveredSeq(), s.you().readSeq(), s.unread(),
                s.page().historyStart(), messages(s.page().messages(), you), s.page().more(), s.recovered());
    }

    static ChatResults.Page page(HistoryPage page, String readerMemberId) {
        return new ChatResults.Page(messages(page.messages(), readerMemberId), page.more(), page.historyStart(), page.lastSeq());
    }

    /**
     * The event encoded as a frame. A conversation's hub hands one event to each subscriber in
     * turn, so the frame encoded for the first is reused for the others (by identity of the event;
     * an event that was not the last one encoded is simply encoded again).
     */
    EncodedMessage frame(ChatEvent event, WireCodec codec) {
        return encoded.of(event, codec);
    }

    /** The frame for an event (events never carry idempotency keys). */
    ServerMessage event(ChatEvent event) {
        return switch (event) {
            case ChatEvent.MessagePosted posted -> new ServerMessage.ChatMessage(posted.conversationId(), message(posted.message(), null));
            case ChatEvent.ReceiptMoved r -> new ServerMessage.ChatReceipt(r.conversationId(), r.memberId(), r.deliveredSeq(), r.readSeq());
            case ChatEvent.Typing t -> new ServerMessage.ChatTyping(t.conversationId(), t.memberId(), t.role(), t.name(), typingMillis);
            case ChatEvent.Updated u -> new ServerMessage.ChatUpdated(u.conversationId(), conversation(u.state()));
            case ChatEvent.Revoked r -> new ServerMessage.ChatRevoked(r.conversationId(), r.reason());
        };
    }
}
