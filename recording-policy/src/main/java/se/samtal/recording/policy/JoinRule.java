package se.samtal.recording.policy;

/**
 * What happens when someone who has not said yes comes into a session that is being recorded.
 *
 * <ul>
 *   <li>{@code PAUSE}: they come in and the recording pauses until they say yes (a no stops it).</li>
 *   <li>{@code WAIT}: they stay in the waiting room while the recording runs, until they say yes
 *       or the recording stops. Therapists (hosts) never wait; for them the rule is {@code PAUSE}.</li>
 * </ul>
 */
public enum JoinRule {
    PAUSE, WAIT
}
