package se.samtal.server.inbox;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/** Inbox sightings in this node's memory (embedded mode); stale ones are dropped as they are met. */
public final class LocalInboxSightings implements InboxSightings {
    private record Sighting(Instant at, List<String> entries) {
    }

    private final ConcurrentHashMap<String, Sighting> byStaff = new ConcurrentHashMap<>();

    @Override
    public void seen(String tenantId, String ref, List<String> entries, Instant at) {
        byStaff.put(key(tenantId, ref), new Sighting(at, List.copyOf(entries)));
        byStaff.entrySet().removeIf(e -> !fresh(e.getValue(), at));
    }

    @Override
    public boolean isOnline(String tenantId, String ref, Instant now) {
        Sighting s = byStaff.get(key(tenantId, ref));
        return s != null && fresh(s, now);
    }

    @Override
    public boolean anyOnlineFor(String tenantId, String entryId, Instant now) {
        String prefix = tenantId + '\u0000';
        return byStaff.entrySet().stream().anyMatch(e -> e.getKey().startsWith(prefix) && fresh(e.getValue(), now)
                && (e.getValue().entries().isEmpty() || e.getValue().entries().contains(entryId)));
    }

    private static boolean fresh(Sighting s, Instant now) {
        return !s.at().plus(FRESH).isBefore(now);
    }

    private static String key(String tenantId, String ref) {
        return tenantId + '\u0000' + ref;
    }
}
