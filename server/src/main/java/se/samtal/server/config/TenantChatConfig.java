package se.samtal.server.config;

import se.samtal.chat.expectation.ChatPolicy;
import se.samtal.chat.expectation.ReplyWithin;
import se.samtal.chat.expectation.StaffedHours;

import se.samtal.chat.conversation.ClosingCode;

import java.time.Duration;
import java.util.List;
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
 * @param closingCodes          the codes a care team closes a care conversation with ({@code null}: the
 *                              defaults, {@link ClosingCode#DEFAULTS}; empty: none)
 * @param teamOnline            when patients are shown whether someone of the care team is online now:
 *                              {@code staffed_hours} (default: inside staffed hours, or always if none are set),
 *                              {@code always} or {@code never}
 */
public record TenantChatConfig(Integer retentionDays, Boolean lateJoinersSeeAll, StaffedHours staffedHours,
                               ReplyWithin replyWithin, Map<String, String> urgentHelp, Integer maxOpenConversations,
                               List<ClosingCodeConfig> closingCodes, String teamOnline) {
    /** The values of {@code teamOnline}. */
    public static final java.util.Set<String> TEAM_ONLINE = java.util.Set.of("staffed_hours", "always", "never");
    public static final int MAX_URGENT_HELP_LENGTH = 500;
    public static final int MAX_CLOSING_CODES = 50;
    public static final int MAX_CLOSING_LABEL_LENGTH = 100;

    /** A closing code as configured: {@code {code: self_care, sv: "Egenvårdsråd", en: "Self-care advice"}}. */
    public record ClosingCodeConfig(String code, String sv, String en) {
    }

    public TenantChatConfig {
        retentionDays = retentionDays != null ? retentionDays : 180;
        lateJoinersSeeAll = lateJoinersSeeAll != null && lateJoinersSeeAll;
        urgentHelp = urgentHelp != null ? Map.copyOf(urgentHelp) : Map.of();
        maxOpenConversations = maxOpenConversations != null ? maxOpenConversations : 1_000_000;
        teamOnline = teamOnline != null ? teamOnline : "staffed_hours";
        closingCodes = closingCodes != null ? List.copyOf(closingCodes) : ClosingCode.DEFAULTS.stream()
                .map(c -> new ClosingCodeConfig(c.code(), c.label().get("sv"), c.label().get("en"))).toList();
    }

    static TenantChatConfig defaults() {
        return new TenantChatConfig(null, null, null, null, null, null, null, null);
    }

    public ChatPolicy policy() {
        return new ChatPolicy(Duration.ofDays(retentionDays), lateJoinersSeeAll, staffedHours, replyWithin, urgentHelp,
                maxOpenConversations, closingCodes.stream().map(TenantChatConfig::closingCode).toList());
    }

    private static ClosingCode closingCode(ClosingCodeConfig c) {
        var label = new java.util.LinkedHashMap<String, String>();
        if (c.sv() != null) {
            label.put("sv", c.sv());
        }
        if (c.en() != null) {
            label.put("en", c.en());
        }
        return new ClosingCode(c.code(), label);
    }

    void validate(String key, Problems problems) {
        problems.range(retentionDays, 1, 3650, key + ".retentionDays");
        problems.require(closingCodes.size() <= MAX_CLOSING_CODES, key + ".closingCodes", "at most " + MAX_CLOSING_CODES + " codes");
        var seen = new java.util.HashSet<String>();
        for (int i = 0; i < closingCodes.size(); i++) {
            var c = closingCodes.get(i);
            String at = key + ".closingCodes[" + i + "]";
            if (c == null) {
                problems.require(false, at, "must be {code, sv, en}");
                continue;
            }
            problems.require(c.code() != null && ClosingCode.CODE.matcher(c.code()).matches(), at + ".code",
                    "must be 1–40 of a–z, 0–9 and _");
            problems.require(c.code() == null || seen.add(c.code()), at + ".code", "appears twice");
            problems.require(c.sv() != null && !c.sv().isBlank() && c.sv().length() <= MAX_CLOSING_LABEL_LENGTH, at + ".sv",
                    "is required: 1–" + MAX_CLOSING_LABEL_LENGTH + " characters");
            problems.require(c.en() == null || (!c.en().isBlank() && c.en().length() <= MAX_CLOSING_LABEL_LENGTH), at + ".en",
                    "must be 1–" + MAX_CLOSING_LABEL_LENGTH + " characters");
        }
        problems.range(maxOpenConversations, 1, 10_000_000, key + ".maxOpenConversations");
        problems.require(TEAM_ONLINE.contains(teamOnline), key + ".teamOnline", "must be staffed_hours, always or never");
        for (var entry : urgentHelp.entrySet()) {
            problems.require(entry.getKey().matches("[a-z]{2}"), key + ".urgentHelp",
                    "keys are two-letter language codes such as sv and en");
            problems.require(entry.getValue() != null && !entry.getValue().isBlank()
                            && entry.getValue().length() <= MAX_URGENT_HELP_LENGTH,
                    key + ".urgentHelp." + entry.getKey(), "must be 1–" + MAX_URGENT_HELP_LENGTH + " characters");
        }
    }
}
