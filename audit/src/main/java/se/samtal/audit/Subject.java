package se.samtal.audit;

/**
 * The person an act was done to: someone let in, turned away or sent back, a link's holder, a
 * member added or removed. The platform's pseudonymous ref and their role; never a name.
 */
public record Subject(String ref, String role) {
    public Subject {
        AuditText.requireRef(ref, "subject.ref");
        if (role != null) {
            AuditText.requireWord(role, "subject.role");
        }
    }
}
