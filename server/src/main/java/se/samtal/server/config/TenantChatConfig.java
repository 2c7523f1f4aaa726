package se.samtal.server.config;

import se.samtal.chat.expectation.ChatPolicy;
import se.samtal.chat.expectation.ReplyWithin;
import se.samtal.chat.expectation.StaffedHours;

import java.time.Duration;
import java.util.Map;

/**
 * What a tenant (the care provider) decides about chat.
 *
 * @param retentionDays         messages are kept this many days after they were written, then
 *                              purged (unless their conversation is on legal hold)
 * @param lateJoinersSeeAll     whether someone joining a session late sees the chat from its start
 * @param staffedHours          when care conversations are read and answered
 * @param replyWithin           the answer time promised in care conversations
 * @param urgentHelp            where to turn when it cannot wait, by language (sv, en)
 * @param maxOpenConversations  open care conversations the tenant may have
 */
public record TenantChatConfig(Integer retentionDays, Boolean lateJoinersSeeAll, StaffedHours staffedHours,
                               ReplyWithin replyWithin, Map<String, String> urgentHelp, Integer maxOpenConversations) {
    public static final int MAX_URGENT_HELP_LENGTH = 500;

    public TenantChatConfig {
        retentionDays = retentionDays != null ? retentionDays : 180;
        lateJoinersSeeAll = lateJoinersSeeAll != null && lateJoinersSeeAll;
        urgentHelp = urgentHelp != null ? Map.copyOf(urgentHelp) : Map.of();
        maxOpenConversations = maxOpenConversations != null ? maxOpenConversations : 1_000_000;
    }

    static TenantChatConfig defaults() {
        return new TenantChatConfig(null, null, null, null, null, null);
    }

    public ChatPolicy policy() {
        return new ChatPolicy(Duration.ofDays(retentionDays), lateJoinersSeeAll, staffedHours, replyWithin, urgentHelp,
                maxOpenConversations);
    }

    void validate(String key, Problems problems) {
        problems.range(retentionDays, 1, 3650, key + ".retentionDays");
        problems.range(maxOpenConversations, 1, 10_000_000, key + ".maxOpenConversations");
        for (var entry : urgentHelp.entrySet()) {
            problems.require(entry.getKey().matches("[a-z]{2}"), key + ".urgentHelp",
                    "keys are two-letter language codes such as sv and en");
            problems.require(entry.getValue() != null && !entry.getValue().isBlank()
                            && entry.getValue().length() <= MAX_URGENT_HELP_LENGTH,
                    key + ".urgentHelp." + entry.getKey(), "must be 1–" + MAX_URGENT_HELP_LENGTH + " characters");
        }
    }
}
