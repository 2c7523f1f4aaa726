package se.samtal.audit;

import java.util.Objects;
import java.util.Optional;

/**
 * Who acted: a person (the platform's pseudonymous ref and their role), a platform API
 * credential (its configured id, never the key), someone not identified (a refused token or
 * key), or samtal itself (retention, a session's hard stop). Never a name.
 */
public record Actor(Kind kind, String ref, String role, String credential) {

    public enum Kind {
        PERSON("person"), API("api"), ANONYMOUS("anonymous"), SYSTEM("system");

        private final String wire;

        Kind(String wire) {
            this.wire = wire;
        }

        public String wire() {
            return wire;
        }

        public static Optional<Kind> fromWire(String wire) {
            for (Kind k : values()) {
                if (k.wire.equals(wire)) {
                    return Optional.of(k);
                }
            }
            return Optional.empty();
        }
    }

    public Actor {
        Objects.requireNonNull(kind, "kind");
        switch (kind) {
            case PERSON -> {
                AuditText.requireRef(ref, "actor.ref");
                AuditText.requireWord(role, "actor.role");
                if (credential != null) {
                    throw new IllegalArgumentException("a person has no credential");
                }
            }
            case API -> {
                AuditText.requireText(credential, "actor.credential");
                if (ref != null || role != null) {
                    throw new IllegalArgumentException("an API credential has no ref or role");
                }
            }
            case ANONYMOUS, SYSTEM -> {
                if (ref != null || role != null || credential != null) {
                    throw new IllegalArgumentException(kind.wire() + " carries nothing");
                }
            }
        }
    }

    public static Actor person(String ref, String role) {
        return new Actor(Kind.PERSON, ref, role, null);
    }

    public static Actor api(String credentialId) {
        return new Actor(Kind.API, null, null, credentialId);
    }

    public static Actor anonymous() {
        return new Actor(Kind.ANONYMOUS, null, null, null);
    }

    public static Actor system() {
        return new Actor(Kind.SYSTEM, null, null, null);
    }
}
