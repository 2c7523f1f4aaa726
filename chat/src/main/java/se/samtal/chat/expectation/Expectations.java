package se.samtal.chat.expectation;

import se.samtal.chat.conversation.Conversation;
import se.samtal.chat.conversation.ConversationKind;

import java.time.Instant;
import java.util.Map;

/**
 * What members are told about answers in a conversation, worked out at one moment: the
 * conversation's own settings where it has them, else its tenant's.
 *
 * @param live         session chat: the others are in the session now
 * @param staffedNow   {@code null} when no staffed hours are known
 * @param nextStaffed  when staffing starts next, if not staffed now
 */
public record Expectations(boolean live, Boolean staffedNow, Instant nextStaffed, StaffedHours staffedHours,
                           ReplyWithin replyWithin, Map<String, String> urgentHelp) {

    public static Expectations of(Conversation conversation, ChatPolicy policy, Instant now) {
        if (conversation.kind() == ConversationKind.SESSION) {
            return new Expectations(true, null, null, null, null, policy.urgentHelp());
        }
        var settings = conversation.settings();
        StaffedHours hours = settings.staffedHours() != null ? settings.staffedHours() : policy.staffedHours();
        ReplyWithin reply = settings.replyWithin() != null ? settings.replyWithin() : policy.replyWithin();
        Boolean staffed = hours == null ? null : hours.isStaffed(now);
        Instant next = hours == null || Boolean.TRUE.equals(staffed) ? null : hours.nextStart(now).orElse(null);
        return new Expectations(false, staffed, next, hours, reply, policy.urgentHelp());
    }
}
