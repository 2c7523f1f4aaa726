package se.samtal.server.followup;

import se.samtal.server.record.VisitEvent;
import se.samtal.server.record.VisitLog;
import se.samtal.server.report.ChatActivity;
import se.samtal.server.report.ChatActivityLog;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The follow-up logs as their readers (records, reports) see them: a read first waits until what
 * this node's writers were handed before it is written (they write in batches, off the request's
 * thread), so a record or report asked for right after an event includes it.
 */
final class WrittenFirst {
    private WrittenFirst() {
    }

    static VisitLog visits(VisitLog log, Runnable awaitWritten) {
        return new VisitLog() {
            @Override
            public void append(List<Entry> entries) {
                log.append(entries);
            }

            @Override
            public List<VisitEvent> events(String tenantId, String sessionId) {
                awaitWritten.run();
                return log.events(tenantId, sessionId);
            }

            @Override
            public Map<String, List<VisitEvent>> byScheduledStart(String tenantId, Instant from, Instant to) {
                awaitWritten.run();
                return log.byScheduledStart(tenantId, from, to);
            }

            @Override
            public List<String> olderThan(String tenantId, Instant cutoff, int skip, int limit) {
                return log.olderThan(tenantId, cutoff, skip, limit);
            }

            @Override
            public int delete(String tenantId, Collection<String> sessionIds) {
                return log.delete(tenantId, sessionIds);
            }

            @Override
            public boolean isHealthy() {
                return log.isHealthy();
            }
        };
    }

    static ChatActivityLog chatActivity(ChatActivityLog log, Runnable awaitWritten) {
        return new ChatActivityLog() {
            @Override
            public void append(List<ChatActivity> activity) {
                log.append(activity);
            }

            @Override
            public List<ChatActivity> between(String tenantId, Instant from, Instant to) {
                awaitWritten.run();
                return log.between(tenantId, from, to);
            }

            @Override
            public int purge(String tenantId, Instant cutoff, int limit) {
                return log.purge(tenantId, cutoff, limit);
            }

            @Override
            public void deleteConversation(String tenantId, String conversationId) {
                log.deleteConversation(tenantId, conversationId);
            }
        };
    }
}
