package se.samtal.server.audit;

import io.prometheus.metrics.core.metrics.Counter;
import se.samtal.audit.AuditEvent;
import se.samtal.audit.AuditObserver;
import se.samtal.server.metrics.SamtalMetrics;

/** Counts audit events recorded and lost, by tenant and action (a fixed vocabulary); never who or what. */
final class AuditMetrics implements AuditObserver {
    private final Counter recorded;
    private final Counter failed;
    private final Counter purged;

    AuditMetrics(SamtalMetrics metrics) {
        recorded = metrics.counter("samtal_audit_events_total", "Audit events made durable, by tenant and action.",
                "tenant", "action");
        failed = metrics.counter("samtal_audit_failures_total",
                "Audit events that could not be stored, by tenant and action. Anything above zero needs an operator.",
                "tenant", "action");
        purged = metrics.counter("samtal_audit_purged_total", "Audit entries removed by retention, by tenant.", "tenant");
    }

    @Override
    public void recorded(AuditEvent event) {
        recorded.labelValues(event.tenantId(), event.action().wire()).inc();
    }

    @Override
    public void failed(AuditEvent event) {
        failed.labelValues(event.tenantId(), event.action().wire()).inc();
    }

    void purged(String tenantId, int entries) {
        if (entries > 0) {
            purged.labelValues(tenantId).inc(entries);
        }
    }
}
