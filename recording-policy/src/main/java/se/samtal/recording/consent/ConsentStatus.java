package se.samtal.recording.consent;

/**
 * Where one person stands on being recorded in one session.
 *
 * <ul>
 *   <li>{@code NOT_ASKED}: nobody has asked yet.</li>
 *   <li>{@code ASKED}: the person has been shown the consent text and has not answered.</li>
 *   <li>{@code GIVEN}: they said yes.</li>
 *   <li>{@code REFUSED}: they said no before ever saying yes.</li>
 *   <li>{@code WITHDRAWN}: they said yes, then took it back.</li>
 * </ul>
 * A no (refused or withdrawn) is final for the session unless the person who said it re-opens it.
 */
public enum ConsentStatus {
    NOT_ASKED, ASKED, GIVEN, REFUSED, WITHDRAWN;

    public boolean isYes() {
        return this == GIVEN;
    }

    /** Said no: refused, or withdrew a yes. */
    public boolean isNo() {
        return this == REFUSED || this == WITHDRAWN;
    }

    /** Not answered yet (asked or not). */
    public boolean isOpen() {
        return this == NOT_ASKED || this == ASKED;
    }
}
