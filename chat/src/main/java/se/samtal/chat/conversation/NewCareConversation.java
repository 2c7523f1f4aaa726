package se.samtal.chat.conversation;

import java.util.List;

/** What the platform asks for when it opens a care conversation (the body of {@code POST /api/v1/conversations}). */
public record NewCareConversation(String title, String externalRef, List<NewMember> members, ConversationSettings settings) {
}
