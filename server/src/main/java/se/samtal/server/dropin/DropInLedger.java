package se.samtal.server.dropin;

import se.samtal.chat.ChatObserver;
import se.samtal.chat.conversation.Conversation;

/**
 * Keeps the drop-in store in step with its conversations: closing one (by the care team or the
 * platform) takes it off its entry's open ones and starts its retention; reopening puts it back;
 * deleting it forgets it. Runs on the thread that changed the conversation (off event loops).
 */
public final class DropInLedger implements ChatObserver {
    private final DropInStore store;

    public DropInLedger(DropInStore store) {
        this.store = store;
    }

    @Override
    public void conversationClosed(Conversation conversation) {
        store.closed(conversation.tenantId(), conversation.id(), conversation.closedAt());
    }

    @Override
    public void conversationReopened(Conversation conversation) {
        store.closed(conversation.tenantId(), conversation.id(), null);
    }

    @Override
    public void conversationDeleted(String tenantId, String conversationId) {
        store.delete(tenantId, conversationId);
    }
}
