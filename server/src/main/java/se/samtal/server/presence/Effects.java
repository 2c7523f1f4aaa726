package se.samtal.server.presence;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What one change of a live session does beyond its state, collected while the change runs and
 * carried out only once the change is committed (a change that is refused, or that lost a race
 * in cluster mode and runs again, leaves no trace): frames for connections in the order they
 * happened, timers to set or clear, and things this node does once (webhooks, metrics, writes
 * to the booking store), and whether the session is over for everyone.
 */
public final class Effects {

    /** Something for connections, in order. */
    public sealed interface Output permits Event, Direct, Close, Detach, Attach {
    }

    /**
     * An event on the session stream.
     *
     * @param privateTo null for an event everyone may see, else the participant it is about (only they and hosts see it)
     */
    public record Event(long seq, EncodedMessage frame, String privateTo) implements Output {
    }

    /** A frame for one participant's connection (call partner, relayed signal); not on the stream. */
    public record Direct(String participantId, LinkRef link, EncodedMessage frame) implements Output {
    }

    /** Close a connection (after what was queued for it) and send it nothing more. */
    public record Close(LinkRef link, int code, String reason) implements Output {
    }

    /** Send a connection nothing more (it left, or it is gone). */
    public record Detach(LinkRef link) implements Output {
    }

    /**
     * A connection joins the delivery of this node: {@code bind} runs first, then {@code first} is
     * sent (the welcome, missed events, the call partner), then every event after {@code afterSeq}
     * it may see. Only ever for the node that made the change.
     */
    public record Attach(ClientLink link, String participantId, boolean host, long afterSeq, List<EncodedMessage> first,
                         Runnable bind) implements Output {
    }

    /** A timer to set ({@code due} not null) or clear. */
    public record TimerChange(TimerKey key, Instant due) {
    }

    private final List<Output> outputs = new ArrayList<>();
    private final List<TimerChange> timers = new ArrayList<>();
    private final List<Runnable> afterCommit = new ArrayList<>();
    private boolean retire;
    private boolean over;

    void event(long seq, EncodedMessage frame, String privateTo) {
        outputs.add(new Event(seq, frame, privateTo));
    }

    void direct(String participantId, LinkRef link, EncodedMessage frame) {
        if (link != null) {
            outputs.add(new Direct(participantId, link, frame));
        }
    }

    void close(LinkRef link, int code, String reason) {
        outputs.add(new Close(link, code, reason));
    }

    void detach(LinkRef link) {
        outputs.add(new Detach(link));
    }

    void attach(Attach attach) {
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
