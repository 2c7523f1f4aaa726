package se.samtal.server.audit;

import se.samtal.audit.Actor;
import se.samtal.audit.AuditAction;
import se.samtal.audit.AuditEvent;
import se.samtal.audit.AuditLog;
import se.samtal.audit.AuditUnavailableException;
import se.samtal.protocol.ErrorCode;
import se.samtal.protocol.SamtalException;

import java.time.Clock;
import java.util.concurrent.CompletableFuture;

/**
 * The audit trail as the server's parts use it: events stamped with the injected clock, recorded
 * in one of two ways. {@link #queue} never blocks (fit for event loops and locks); the entry is
 * durable within one group commit and a failure is logged and counted. {@link #beforeAnswer}
 * waits until the entry is durable and refuses the answer ({@code unavailable}) if it cannot be
 * stored: for answers that show patient data or grant access to it.
 */
public final class AuditTrail {
    /**
     * The chain for attempts that name no known tenant (a token of an unknown issuer, an unknown
     * API key). Not a valid tenant id, so it never mixes with a tenant's chain.
     */
    public static final String UNATTRIBUTED = "_unattributed";

    private final AuditLog log;
    private final Clock clock;
    private final boolean writesWithChat;

    /** @param writesWithChat whether the trail's store shares the chat store's database ({@link #recordWithin}) */
    public AuditTrail(AuditLog log, Clock clock, boolean writesWithChat) {
        this.log = log;
        this.clock = clock;
        this.writesWithChat = writesWithChat;
    }

    /** Whether a chat message's entry can be written in the message's own write ({@link #recordWithin}). */
    public boolean writesWithChat() {
        return writesWithChat;
    }

    /**
     * Records inside the chat store's write running on this thread: the entry commits with it or
     * neither does. Never blocks; the future completes when both are durable.
     *
     * @throws SamtalException {@code unavailable} if the trail cannot record now (the write then fails too)
     */
    public CompletableFuture<?> recordWithin(AuditEvent event) {
        try {
            return log.recordWithin(event);
        } catch (AuditUnavailableException e) {
            throw new SamtalException(ErrorCode.UNAVAILABLE, "The audit trail cannot record right now; nothing was done. Try again shortly.");
        }
    }

    /** An event happening now. */
    public AuditEvent.Builder event(String tenantId, Actor actor, AuditAction action) {
        return AuditEvent.builder(clock.instant(), tenantId, actor, action);
    }

    /**
     * Records without waiting (never blocks). The entry is never given up while samtal runs: if
     * the store fails it waits and is tried again.
     */
    public void queue(AuditEvent event) {
        log.record(event);
    }

    /** Records without blocking; the future completes when the entry is durable (for acts whose answer waits for it). */
    public CompletableFuture<?> record(AuditEvent event) {
        return log.record(event);
    }

    /**
     * Refuses an act before it is done ({@code unavailable}) while the trail cannot record: an act
     * that can wait for its entry is not done unrecorded.
     */
    public void checkRecording() {
        if (log.isFailing()) {
            throw new SamtalException(ErrorCode.UNAVAILABLE, "The audit trail cannot record right now; nothing was done. Try again shortly.");
        }
    }

    /**
     * Records and waits until the entry is durable. Blocks: never on an event loop.
     *
     * @throws SamtalException {@code unavailable} if it could not be stored: do not answer with the data
     */
    public void beforeAnswer(AuditEvent event) {
        try {
            log.recordDurably(event);
        } catch (AuditUnavailableException e) {
            throw unavailable();
        }
    }

    static SamtalException unavailable() {
        return new SamtalException(ErrorCode.UNAVAILABLE, "The access could not be recorded in the audit trail; nothing was shown.");
    }

    public AuditLog log() {
        return log;
    }

    public Clock clock() {
        return clock;
    }
}
