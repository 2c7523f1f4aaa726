package se.samtal.chat.export;

import se.samtal.chat.CareConversations;
import se.samtal.chat.conversation.ConversationKind;
import se.samtal.chat.conversation.Member;
import se.samtal.chat.message.Message;
import se.samtal.chat.store.ChainCheck;
import se.samtal.protocol.Role;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Map;

/**
 * A conversation as plain text for the patient record: who took part, then every message with
 * its time, the writer's name and role, and the text, indented. Times are in the provider's time
 * zone. Nothing is interpreted: the text is copied as written. The header says whether the
 * conversation's hash chain verified (and from which message), or warns where it did not.
 */
public final class Transcript {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    private record Words(String heading, String conversation, String kindCare, String kindSession, String title,
                         String externalRef, String members, String removed, String zone, String exported,
                         String purged, String more, String none, String chainIntact, String chainIntactOne,
                         String chainBroken, Map<Role, String> roles) {
    }

    private static final Words SV = new Words("Samtal – utskrift av konversation", "Konversation", "vårdkonversation",
            "chatt i samtal", "Rubrik", "Extern referens", "Deltagare", "borttagen", "Tidszon", "Utskriven",
            "Meddelanden till och med nr %d har raderats enligt vårdgivarens gallringsregler.",
            "Utskriften fortsätter: hämta meddelanden efter nr %d.", "Inga meddelanden.",
            "Meddelandekedjan är kontrollerad: meddelandena nr %d–%d är oförändrade sedan de skrevs.",
            "Meddelandekedjan är kontrollerad: meddelande nr %d är oförändrat sedan det skrevs.",
            "VARNING: meddelandekedjan stämmer inte från nr %d. Meddelanden kan ha ändrats eller tagits bort efter att de skrevs.",
            Map.of(Role.THERAPIST, "behandlare", Role.PATIENT, "patient", Role.GUARDIAN, "vårdnadshavare",
                    Role.RELATIVE, "närstående", Role.INTERPRETER, "tolk", Role.GUEST, "gäst", Role.OBSERVER, "observatör",
                    Role.BOT, "tjänst"));
    private static final Words EN = new Words("Samtal – conversation transcript", "Conversation", "care conversation",
            "chat in a session", "Title", "External reference", "Members", "removed", "Time zone", "Exported",
            "Messages up to and including no. %d were removed under the care provider's retention rules.",
            "The transcript continues: fetch the messages after no. %d.", "No messages.",
            "Message chain verified: messages no. %d–%d are unaltered since they were written.",
            "Message chain verified: message no. %d is unaltered since it was written.",
            "WARNING: the message chain does not match from no. %d. Messages may have been altered or removed after they were written.",
            Map.of(Role.THERAPIST, "therapist", Role.PATIENT, "patient", Role.GUARDIAN, "guardian",
                    Role.RELATIVE, "relative", Role.INTERPRETER, "interpreter", Role.GUEST, "guest", Role.OBSERVER, "observer",
                    Role.BOT, "service"));

    private Transcript() {
    }

    /** @param language {@code sv} (default) or {@code en} */
    public static String render(CareConversations.Export export, ZoneId zone, String language) {
        Words w = "en".equals(language) ? EN : SV;
        var conversation = export.conversation();
        var out = new StringBuilder();
        out.append(w.heading()).append('\n');
        String kind = conversation.kind() == ConversationKind.CARE ? w.kindCare()
                : w.kindSession() + " " + conversation.sessionId();
        out.append(w.conversation()).append(": ").append(conversation.id()).append(" (").append(kind).append(")\n");
        if (conversation.title() != null) {
            out.append(w.title()).append(": ").append(conversation.title()).append('\n');
        }
        if (conversation.externalRef() != null) {
            out.append(w.externalRef()).append(": ").append(conversation.externalRef()).append('\n');
        }
        out.append(w.members()).append(":\n");
        for (Member member : export.members()) {
            out.append("  ").append(name(member.name(), member.role(), w)).append(" – ").append(w.roles().get(member.role()));
            if (!member.isCurrent()) {
                out.append(" (").append(w.removed()).append(' ').append(time(member.removedAt(), zone)).append(')');
            }
            out.append('\n');
        }
        out.append(w.zone()).append(": ").append(zone.getId()).append('\n');
        out.append(w.exported()).append(": ").append(time(export.exportedAt(), zone)).append('\n');
        if (conversation.purgedThroughSeq() > 0) {
            out.append(w.purged().formatted(conversation.purgedThroughSeq())).append('\n');
        }
        var chain = export.chain();
        if (chain != null && chain.status() == ChainCheck.Status.BROKEN) {
            out.append(w.chainBroken().formatted(chain.brokenAtSeq())).append('\n');
        } else if (chain != null && chain.status() == ChainCheck.Status.INTACT && chain.fromSeq() == chain.throughSeq()) {
            out.append(w.chainIntactOne().formatted(chain.fromSeq())).append('\n');
        } else if (chain != null && chain.status() == ChainCheck.Status.INTACT && chain.fromSeq() < chain.throughSeq()) {
            out.append(w.chainIntact().formatted(chain.fromSeq(), chain.throughSeq())).append('\n');
        }
        out.append('\n');
        if (export.messages().isEmpty()) {
            out.append(w.none()).append('\n');
        }
        for (Message message : export.messages()) {
            out.append(time(message.sentAt(), zone)).append("  ").append(name(message.senderName(), message.senderRole(), w))
                    .append(" (").append(w.roles().get(message.senderRole())).append("):\n");
            for (String line : message.text().split("\n", -1)) {
                out.append("    ").append(line).append('\n');
            }
            out.append('\n');
        }
        if (export.more()) {
            out.append(w.more().formatted(export.messages().getLast().seq())).append('\n');
        }
        return out.toString();
    }

    private static String name(String name, Role role, Words w) {
        return name != null ? name : capitalized(w.roles().get(role));
    }

    private static String capitalized(String word) {
        return Character.toUpperCase(word.charAt(0)) + word.substring(1);
    }

    private static String time(Instant instant, ZoneId zone) {
        return TIME.format(instant.atZone(zone));
    }
}
