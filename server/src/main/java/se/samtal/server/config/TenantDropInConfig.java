package se.samtal.server.config;

import se.samtal.chat.expectation.ReplyWithin;
import se.samtal.chat.expectation.StaffedHours;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A tenant's doors for people who are not (yet) its patients: anonymous drop-in chat. Each entry
 * is a public page {@code /drop-in/<id>} where anyone can start a conversation with the care team
 * without logging in.
 *
 * @param retentionDays a drop-in conversation is deleted this many days after it was closed
 *                      (unless it is on legal hold, or reopened); default 90
 * @param entries       the tenant's entries (none by default)
 */
public record TenantDropInConfig(Integer retentionDays, List<Entry> entries) {
    public static final Pattern ENTRY_ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,39}");
    public static final int MAX_ENTRIES = 20;
    public static final int MAX_TEXT = 500;
    public static final int MAX_WHERE_TO_TURN = 10;

    public TenantDropInConfig {
        retentionDays = retentionDays != null ? retentionDays : 90;
        entries = entries != null ? List.copyOf(entries) : List.of();
    }

    static TenantDropInConfig defaults() {
        return new TenantDropInConfig(null, null);
    }

    /** A text in Swedish (required) and English (optional: the Swedish is shown if it is missing). */
    public record Text(String sv, String en) {
        public String in(String language) {
            return "en".equals(language) && en != null ? en : sv;
        }
    }

    /**
     * Where to turn when it cannot wait: {@code {name: BRIS, phone: "116 111", url: "https://www.bris.se",
     * sv: "För dig under 18, dygnet runt", en: "…"}} (name required, phone and url optional).
     */
    public record WhereToTurn(String name, String phone, String url, String sv, String en) {
    }

    /**
     * One drop-in door.
     *
     * @param id                  the page's address, {@code /drop-in/<id>}: 1–40 of a–z, 0–9 and -, unique across tenants
     * @param title               what the page and the conversation are called
     * @param answeredBy          who answers (a group, never a person's name is needed)
     * @param replyWithin         the answer time promised (default: the tenant's {@code chat.replyWithin})
     * @param staffedHours        when it is staffed (default: the tenant's {@code chat.staffedHours})
     * @param whereToTurn         where to turn if it cannot wait (112, 1177, BRIS 116 111 …)
     * @param maxOpen             open conversations the entry takes at once; beyond, {@code drop_in_full} (default 100)
     * @param newPerAddressPerHour new conversations one client address may start per hour (default 3)
     * @param newPerHour          new conversations the entry takes per hour from everyone (default 60)
     */
    public record Entry(String id, Text title, Text answeredBy, ReplyWithin replyWithin, StaffedHours staffedHours,
                        List<WhereToTurn> whereToTurn, Integer maxOpen, Integer newPerAddressPerHour, Integer newPerHour) {
        public Entry {
            whereToTurn = whereToTurn != null ? List.copyOf(whereToTurn) : List.of();
            maxOpen = maxOpen != null ? maxOpen : 100;
            newPerAddressPerHour = newPerAddressPerHour != null ? newPerAddressPerHour : 3;
            newPerHour = newPerHour != null ? newPerHour : 60;
        }
    }

    void validate(String key, Problems problems) {
        problems.range(retentionDays, 1, 3650, key + ".retentionDays");
        problems.require(entries.size() <= MAX_ENTRIES, key + ".entries", "at most " + MAX_ENTRIES + " entries");
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < entries.size(); i++) {
            Entry entry = entries.get(i);
            String at = key + ".entries[" + i + "]";
            if (entry == null) {
                problems.add(at, "must be {id, title, answeredBy, …}");
                continue;
            }
            problems.require(entry.id() != null && ENTRY_ID.matcher(entry.id()).matches(), at + ".id",
                    "is required: 1–40 lower-case letters, digits and dashes");
            problems.require(entry.id() == null || ids.add(entry.id()), at + ".id", "appears twice");
            text(entry.title(), at + ".title", problems);
            text(entry.answeredBy(), at + ".answeredBy", problems);
            problems.require(entry.whereToTurn().size() <= MAX_WHERE_TO_TURN, at + ".whereToTurn",
                    "at most " + MAX_WHERE_TO_TURN + " places");
            for (int j = 0; j < entry.whereToTurn().size(); j++) {
                var place = entry.whereToTurn().get(j);
                String w = at + ".whereToTurn[" + j + "]";
                if (place == null) {
                    problems.add(w, "must be {name, phone, url, sv, en}");
                    continue;
                }
                problems.require(short100(place.name()), w + ".name", "is required: 1–100 characters");
                problems.require(place.phone() == null || place.phone().matches("[0-9 +-]{2,20}"), w + ".phone",
                        "must be 2–20 of digits, spaces, + and -");
                problems.webUrl(place.url(), w + ".url");
                problems.require(place.sv() == null || (!place.sv().isBlank() && place.sv().length() <= MAX_TEXT), w + ".sv",
                        "must be 1–" + MAX_TEXT + " characters");
                problems.require(place.en() == null || (!place.en().isBlank() && place.en().length() <= MAX_TEXT), w + ".en",
                        "must be 1–" + MAX_TEXT + " characters");
            }
            problems.range(entry.maxOpen(), 1, 100_000, at + ".maxOpen");
            problems.range(entry.newPerAddressPerHour(), 1, 10_000, at + ".newPerAddressPerHour");
            problems.range(entry.newPerHour(), 1, 1_000_000, at + ".newPerHour");
        }
    }

    private static void text(Text text, String key, Problems problems) {
        problems.require(text != null && text.sv() != null && !text.sv().isBlank() && text.sv().length() <= MAX_TEXT,
                key + ".sv", "is required: 1–" + MAX_TEXT + " characters");
        problems.require(text == null || text.en() == null || (!text.en().isBlank() && text.en().length() <= MAX_TEXT),
                key + ".en", "must be 1–" + MAX_TEXT + " characters");
    }

    private static boolean short100(String s) {
        return s != null && !s.isBlank() && s.length() <= 100;
    }
}
