package se.samtal.recording.session;

/** Why the recording state last changed, so every screen can say it in words. */
public enum Reason {
    /** Someone asked for a recording; everyone is being asked. */
    REQUESTED,
    /** Everyone in the room has said yes: recording starts or goes on. */
    CONSENT_COMPLETE,
    /** Someone in the room has not said yes (they just came in): the recording is paused. */
    CONSENT_MISSING,
    /** Someone in the room said no: the request ended. */
    REFUSED,
    /** Someone took their yes back: the recording stopped. */
    WITHDRAWN,
    /** Someone allowed to stop it stopped it. */
    STOPPED,
    /** The one who asked for it is no longer in the room. */
    REQUESTER_LEFT,
    /** The recorder stopped by itself. */
    RECORDER_STOPPED,
    /** The recorder could not record. */
    RECORDER_FAILED,
    /** The session ended. */
    SESSION_ENDED
}
