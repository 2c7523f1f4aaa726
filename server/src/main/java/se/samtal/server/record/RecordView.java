package se.samtal.server.record;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;

/** A visit record as the platform API and the {@code session.ended} webhook write it (absent values left out). */
public final class RecordView {
    private RecordView() {
    }

    /** @param names whether to include display names (only when the platform asks for them) */
    public static Map<String, Object> of(VisitRecord r, boolean names) {
        var v = new LinkedHashMap<String, Object>();
        v.put("sessionId", r.sessionId());
        v.put("externalRef", r.externalRef());
        v.put("kind", r.kind().wire());
        v.put("status", r.status().wire());
        v.put("complete", r.complete());
        v.put("scheduledStart", r.scheduledStart());
        v.put("scheduledEnd", r.scheduledEnd());
        v.put("outcome", r.outcome());
        v.put("contactType", r.contactType());
        v.put("startedAt", r.startedAt());
        v.put("endedAt", r.endedAt());
        v.put("durationSeconds", r.durationSeconds());
        v.put("sessionEndedAt", r.sessionEndedAt());
        v.put("endReason", r.endReason());
        var contact = new LinkedHashMap<String, Object>();
        contact.put("videoSeconds", r.contact().videoSeconds());
        contact.put("audioOnlySeconds", r.contact().audioOnlySeconds());
        contact.put("chatMessages", r.contact().chatMessages());
        v.put("contact", contact);
        v.put("noShow", r.noShow());
        v.put("patientLate", r.patientLate());
        v.put("interpreterPresent", r.interpreterPresent());
        v.put("patientWaitedSeconds", r.patientWaitedSeconds());
        v.put("recording", Map.of("requested", r.recording().requested(), "outcome", r.recording().outcome()));
        var participants = new ArrayList<Map<String, Object>>();
        for (var p : r.participants()) {
            var pv = new LinkedHashMap<String, Object>();
            pv.put("participantId", p.participantId());
            pv.put("ref", p.ref());
            pv.put("role", p.role() == null ? null : p.role().wire());
            if (names) {
                pv.put("name", p.name());
            }
            pv.put("tookPart", p.tookPart());
            pv.put("joinedAt", p.joinedAt());
            pv.put("leftAt", p.leftAt());
            pv.put("leftReason", p.leftReason());
            pv.put("lateSeconds", p.lateSeconds());
            pv.put("late", p.late());
            pv.put("waitedSeconds", p.waitedSeconds());
            pv.put("admittedAt", p.admittedAt());
            if (p.admittedBy() != null) {
                pv.put("admittedBy", Map.of("participantId", p.admittedBy().participantId(), "role", p.admittedBy().role().wire()));
            }
            pv.put("reconnects", p.reconnects());
            pv.put("inCallSeconds", p.inCallSeconds());
            participants.add(pv);
        }
        v.put("participants", participants);
        var absent = new ArrayList<Map<String, Object>>();
        for (var a : r.absent()) {
            var av = new LinkedHashMap<String, Object>();
            av.put("ref", a.ref());
            av.put("role", a.role().wire());
            if (names && a.name() != null) {
                av.put("name", a.name());
            }
            absent.add(av);
        }
        v.put("absent", absent);
        v.values().removeIf(java.util.Objects::isNull);
        return v;
    }
}
