package se.samtal.server.record;

import se.samtal.protocol.Role;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * A visit record as plain Swedish text, ready to paste into the journal:
 *
 * <pre>
 * Videobesök 45 min, patient och tolk deltog, väntetid 2 min.
 * Tid: 2026-11-23 09:02–09:47 (bokat 09:00–09:45).
 * </pre>
 *
 * Times are in the care provider's time zone; minutes are rounded to the nearest. It names roles,
 * never people: the one who pastes it knows who they are.
 */
public final class RecordText {
    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm");
    /** Roles in the order the text names them, with their singular and plural. */
    private static final Map<Role, String[]> WORDS = new EnumMap<>(Map.of(
            Role.PATIENT, new String[]{"patient", "patienter"},
            Role.GUARDIAN, new String[]{"vårdnadshavare", "vårdnadshavare"},
            Role.RELATIVE, new String[]{"anhörig", "anhöriga"},
            Role.INTERPRETER, new String[]{"tolk", "tolkar"},
            Role.THERAPIST, new String[]{"ytterligare behandlare", "ytterligare behandlare"},
            Role.GUEST, new String[]{"gäst", "gäster"},
            Role.OBSERVER, new String[]{"observatör", "observatörer"}));
    private static final List<Role> ORDER = List.of(Role.PATIENT, Role.GUARDIAN, Role.RELATIVE, Role.INTERPRETER,
            Role.THERAPIST, Role.GUEST, Role.OBSERVER);

    private RecordText() {
    }

    public static String render(VisitRecord r, ZoneId zone) {
        var lines = new ArrayList<String>();
        String booked = span(r.scheduledStart(), r.scheduledEnd(), zone);
        switch (r.outcome()) {
            case VisitRecord.COMPLETED -> {
                var first = new StringBuilder(kindWord(r.contactType()));
                if (r.durationSeconds() != null) {
                    first.append(' ').append(minutes(r.durationSeconds()));
                } else {
                    first.append(" (pågår)");
                }
                String who = participants(r);
                if (!who.isEmpty()) {
                    first.append(", ").append(who).append(" deltog");
                }
                Long waited = r.patientWaitedSeconds();
                if (waited != null) {
                    first.append(", väntetid ").append(minutes(waited));
                }
                first.append('.');
                lines.add(first + extras(r));
                boolean sameDay = r.startedAt().atZone(zone).toLocalDate().equals(r.scheduledStart().atZone(zone).toLocalDate());
                lines.add("Tid: " + (r.endedAt() != null ? span(r.startedAt(), r.endedAt(), zone)
                        : DATE_TIME.format(r.startedAt().atZone(zone)) + "–") + " (bokat "
                        + (sameDay ? span(r.scheduledStart(), r.scheduledEnd(), zone).substring(11) : booked) + ").");
            }
            case VisitRecord.NO_SHOW -> {
                lines.add("Uteblivet besök: patienten kom inte.");
                lines.add("Bokat: " + booked + ".");
            }
            case VisitRecord.NOT_HELD -> {
                lines.add("Besöket blev inte av: patienten anslöt, men samtalet kom aldrig igång.");
                lines.add("Bokat: " + booked + ".");
            }
            case VisitRecord.CANCELLED -> {
                lines.add("Besöket avbokades.");
                lines.add("Bokat: " + booked + ".");
            }
            default -> {
                lines.add("Besöket har inte ägt rum ännu.");
                lines.add("Bokat: " + booked + ".");
            }
        }
        return String.join("\n", lines) + "\n";
    }

    private static String extras(VisitRecord r) {
        var more = new StringBuilder();
        r.participants().stream().filter(p -> p.role() == Role.PATIENT && p.late()).findFirst()
                .ifPresent(p -> more.append(" Patienten kom ").append(minutes(p.lateSeconds())).append(" för sent."));
        int reconnects = r.participants().stream().mapToInt(VisitRecord.Participant::reconnects).sum();
        if (reconnects > 0) {
            more.append(" Anslutningen bröts och återupptogs ").append(reconnects == 1 ? "en gång" : reconnects + " gånger")
                    .append('.');
        }
        if (r.contact().chatMessages() > 0 && !"text".equals(r.contactType())) {
            more.append(" Chatt användes under besöket.");
        }
        switch (r.recording().outcome()) {
            case "recorded" -> more.append(" Besöket spelades in med allas samtycke.");
            case "refused" -> more.append(" Inspelning efterfrågades; någon avböjde.");
            case "withdrawn" -> more.append(" Inspelning påbörjades; ett samtycke återkallades och inspelningen stoppades.");
            case "failed", "not_started" -> more.append(" Inspelning efterfrågades men kom inte igång.");
            default -> {
            }
        }
        return more.toString();
    }

    /** The roles that took part, but for the one therapist writing: "patient och tolk", "patient, 2 anhöriga och tolk". */
    private static String participants(VisitRecord r) {
        var counts = new EnumMap<Role, Integer>(Role.class);
        for (var p : r.participants()) {
            if (p.tookPart() && p.role() != null) {
                counts.merge(p.role(), 1, Integer::sum);
            }
        }
        counts.computeIfPresent(Role.THERAPIST, (role, n) -> n > 1 ? n - 1 : null);
        var parts = new ArrayList<String>();
        for (Role role : ORDER) {
            Integer n = counts.get(role);
            if (n != null) {
                parts.add(n == 1 ? WORDS.get(role)[0] : n + " " + WORDS.get(role)[1]);
            }
        }
        if (parts.size() <= 1) {
            return String.join("", parts);
        }
        return String.join(", ", parts.subList(0, parts.size() - 1)) + " och " + parts.getLast();
    }

    private static String kindWord(String contactType) {
        return switch (contactType == null ? "" : contactType) {
            case "video" -> "Videobesök";
            case "audio" -> "Ljudbesök";
            case "text" -> "Chattbesök";
            case "mixed" -> "Video- och ljudbesök";
            default -> "Besök";
        };
    }

    /** Whole minutes, rounded; under half a minute (but more than nothing) is "under 1 min". */
    static String minutes(long seconds) {
        long m = Math.round(seconds / 60.0);
        return m == 0 && seconds > 0 ? "under 1 min" : m + " min";
    }

    private static String span(Instant from, Instant to, ZoneId zone) {
        var a = from.atZone(zone);
        var b = to.atZone(zone);
        LocalDate day = a.toLocalDate();
        return DATE_TIME.format(a) + "–" + (b.toLocalDate().equals(day) ? TIME.format(b) : DATE_TIME.format(b));
    }

}
