package se.samtal.signalling.live;

import se.samtal.signalling.feed.LinkRef;
import se.samtal.signalling.feed.Output;
import se.samtal.signalling.feed.SessionFact;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What one change of a live session does beyond its state, collected while the change runs and
 * carried out only once the change is committed (a change that is refused, or that lost a race
 * in cluster mode and runs again, leaves no trace): facts for connections in the order they
 * happened ({@link Output}s), timers to set or clear, things this node does once (webhooks,
 * metrics, the recorder, writes to the booking store), and whether the session is over.
 */
public final class Effects {

    /** A timer to set ({@code due} not null) or clear. */
    public record TimerChange(TimerKey key, Instant due) {
    }

    private final List<Output> outputs = new ArrayList<>();
    private final List<TimerChange> timers = new ArrayList<>();
    private final List<Runnable> afterCommit = new ArrayList<>();
    private boolean retire;
    private boolean over;

    /** @param privateTo null for a fact everyone may see, else the participant it is about (they and hosts see it) */
    void event(SessionFact.Numbered fact, String privateTo) {
        outputs.add(new Output.Event(fact, privateTo));
    }

    void direct(String participantId, LinkRef link, SessionFact fact) {
        if (link != null) {
            outputs.add(new Output.Direct(participantId, link, fact));
        }
    }

    void close(LinkRef link, int code, String reason) {
        outputs.add(new Output.Close(link, code, reason));
    }

    void detach(LinkRef link) {
        outputs.add(new Output.Detach(link));
    }

    void attach(Output.Attach attach) {
        outputs.add(attach);
    }

    void setTimer(TimerKey key, Instant due) {
        timers.add(new TimerChange(key, due));
    }

    void clearTimer(TimerKey key) {
        timers.add(new TimerChange(key, null));
    }

    /** Runs once the change is committed, on the node that made it. */
    void afterCommit(Runnable action) {
        afterCommit.add(action);
    }

    /** Nobody holds a place any more: the session's live state goes. */
    void retire() {
        retire = true;
    }

    /** The session ended: its live state stays a little while, so a late join is refused rather than starting it again. */
    void over() {
        over = true;
    }

    public List<Output> outputs() {
        return outputs;
    }

    public List<TimerChange> timers() {
        return timers;
    }

    public List<Runnable> afterCommit() {
        return afterCommit;
    }

    public boolean retires() {
        return retire;
    }

    public boolean isOver() {
        return over;
    }

    /** Whether the change has anything to carry out (a change that only read has not). */
    public boolean isEmpty() {
        return outputs.isEmpty() && timers.isEmpty() && afterCommit.isEmpty() && !retire && !over;
    }
}
