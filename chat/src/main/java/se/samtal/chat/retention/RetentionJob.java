package se.samtal.chat.retention;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import se.samtal.chat.expectation.ChatPolicies;
import se.samtal.chat.store.MessageStore;
import se.samtal.chat.store.PurgeResult;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Removes what each tenant's retention says is no longer to be kept: messages older than the
 * retention, and conversations with nothing left to keep. Conversations on legal hold are left
 * alone. Runs in short rounds so chat writes are never held up for long. Blocks: run it off
 * the event loop (the server runs it on a schedule, {@code chat.purgeInterval}).
 */
public final class RetentionJob {
    private static final Logger log = LoggerFactory.getLogger(RetentionJob.class);
    /** Messages removed in one round (one short write each). */
    public static final int ROUND = 1000;
    /** Rounds per tenant in one run at most; the next run goes on where this one stopped. */
    static final int MAX_ROUNDS = 10_000;

    private final MessageStore messages;
    private final ChatPolicies policies;
    private final Clock clock;

    public RetentionJob(MessageStore messages, ChatPolicies policies, Clock clock) {
        this.messages = messages;
        this.policies = policies;
        this.clock = clock;
    }

    /** One run over every tenant: what was removed, by tenant. */
    public Map<String, PurgeResult> runOnce() {
        var results = new LinkedHashMap<String, PurgeResult>();
        Instant now = clock.instant();
        for (String tenant : policies.tenants()) {
            Instant cutoff = now.minus(policies.of(tenant).retention());
            int purgedMessages = 0;
            int purgedConversations = 0;
            PurgeResult round;
            int rounds = 0;
            do {
                round = messages.purge(tenant, cutoff, ROUND);
                purgedMessages += round.messages();
                purgedConversations += round.conversations();
            } while (round.more() && ++rounds < MAX_ROUNDS);
            var total = new PurgeResult(purgedMessages, purgedConversations, round.more());
            results.put(tenant, total);
            if (purgedMessages > 0 || purgedConversations > 0) {
                log.atInfo().setMessage("Retention purge").addKeyValue("tenant", tenant).addKeyValue("messages", purgedMessages)
                        .addKeyValue("conversations", purgedConversations).addKeyValue("cutoff", cutoff).log();
            }
        }
        return results;
    }
}
