package se.samtal.recording.session;

import se.samtal.recording.consent.Consent;
import se.samtal.recording.consent.ConsentRecord;
import se.samtal.recording.policy.RecordingPolicy;

import java.util.HashSet;
import java.util.Set;

/** One participant as the recording rules see them. Mutable; owned by its {@link RecordingSession}. */
final class Party {
    final String id;
    final String role;
    final boolean needsGuardian;
    Attendance attendance = Attendance.GONE;
    Consent self = Consent.NOT_ASKED;
    /** A guardian's answer for this person; null unless {@link #needsGuardian}. */
    Consent guardian;
    /** Guardians who have been shown the question about this person (each is asked once). */
    final Set<String> guardiansAsked = new HashSet<>();

    Party(String id, String role, boolean needsGuardian) {
        this.id = id;
        this.role = role;
        this.needsGuardian = needsGuardian;
        this.guardian = needsGuardian ? Consent.NOT_ASKED : null;
    }

    boolean inRoom() {
        return attendance == Attendance.IN_ROOM;
    }

    boolean holdsPlace() {
        return attendance.holdsPlace();
    }

    boolean isGuardian() {
        return RecordingPolicy.GUARDIAN_ROLE.equals(role);
    }

    PartyConsent consent() {
        return new PartyConsent(self, guardian);
    }

    boolean consented() {
        return consent().complete();
    }

    boolean saysNo() {
        return consent().saysNo();
    }

    ConsentRecord evidence() {
        return new ConsentRecord(id, role, self, guardian);
    }
}
