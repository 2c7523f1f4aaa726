package se.samtal.audit;

/** Told of every event recorded or lost, for metrics. Called on the store's thread: return at once. */
public interface AuditObserver {
    AuditObserver NONE = new AuditObserver() {
    };

    /** The event is durably in its tenant's chain. */
    default void recorded(AuditEvent event) {
    }

    /** The event could not be stored. */
    default void failed(AuditEvent event) {
    }
}
