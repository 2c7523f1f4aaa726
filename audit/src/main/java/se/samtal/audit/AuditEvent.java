package se.samtal.audit;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * One audited act, before it is placed in its tenant's chain.
 *
 * @param at        when it happened (milliseconds)
 * @param tenantId  whose log it goes in
 * @param patients  the patients whose data it concerns (pseudonymous refs), sorted; may be empty
 * @param code      why it was refused or failed: a stable error code (null on success)
 * @param requestId the request it answered: the API's {@code X-Request-Id}, or a WebSocket
 *                  connection id and the client's request id
 * @param detail    a few facts about the act (ranges, counts, reasons, a route): short texts,
 *                  whole numbers and booleans only, never content
 */
public record AuditEvent(Instant at, String tenantId, Actor actor, AuditAction action, AuditObject object, Subject subject,
                         SortedSet<String> patients, Outcome outcome, String code, String requestId,
                         SortedMap<String, Object> detail) {
    /** Largest magnitude of a number in {@code detail}: exact in every JSON reader (and in RFC 8785, which spells numbers as doubles). */
    public static final long MAX_NUMBER = (1L << 53) - 1;
    private static final Pattern DETAIL_KEY = Pattern.compile("[a-z][A-Za-z0-9]{0,39}");
    private static final int MAX_DETAILS = 16;

    public AuditEvent {
        Objects.requireNonNull(at, "at");
        at = at.truncatedTo(ChronoUnit.MILLIS);
        AuditText.requireText(tenantId, "tenantId");
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(outcome, "outcome");
        var refs = new TreeSet<String>();
        for (String ref : patients == null ? Collections.<String>emptySet() : patients) {
            AuditText.requireRef(ref, "patients[]");
            refs.add(ref);
        }
        patients = Collections.unmodifiableSortedSet(refs);
        if (code != null) {
            AuditText.requireWord(code, "code");
        }
        if (requestId != null) {
            AuditText.requireText(requestId, "requestId");
        }
        var facts = new TreeMap<String, Object>();
        if (detail != null) {
            if (detail.size() > MAX_DETAILS) {
                throw new IllegalArgumentException("at most " + MAX_DETAILS + " details");
            }
            detail.forEach((key, value) -> facts.put(checkKey(key), checkValue(key, value)));
        }
        detail = Collections.unmodifiableSortedMap(facts);
    }

    private static String checkKey(String key) {
        if (key == null || !DETAIL_KEY.matcher(key).matches()) {
            throw new IllegalArgumentException("detail keys are short camelCase words");
        }
        return key;
    }

    private static Object checkValue(String key, Object value) {
        return switch (value) {
            case String s -> {
                AuditText.requireText(s, "detail." + key);
                yield s;
            }
            case Integer i -> (long) i;
            case Long l when Math.abs(l) <= MAX_NUMBER -> l;
            case Boolean b -> b;
            case null, default -> throw new IllegalArgumentException("detail." + key + " must be text, a whole number or a boolean");
        };
    }

    public static Builder builder(Instant at, String tenantId, Actor actor, AuditAction action) {
        return new Builder(at, tenantId, actor, action);
    }

    /** Builds an event; the outcome is {@code success} unless set. */
    public static final class Builder {
        private final Instant at;
        private final String tenantId;
        private final Actor actor;
        private final AuditAction action;
        private AuditObject object;
        private Subject subject;
        private final SortedSet<String> patients = new TreeSet<>();
        private Outcome outcome = Outcome.SUCCESS;
        private String code;
        private String requestId;
        private final SortedMap<String, Object> detail = new TreeMap<>();

        private Builder(Instant at, String tenantId, Actor actor, AuditAction action) {
            this.at = at;
            this.tenantId = tenantId;
            this.actor = actor;
            this.action = action;
        }

        public Builder object(AuditObject object) {
            this.object = object;
            return this;
        }

        public Builder subject(Subject subject) {
            this.subject = subject;
            return this;
        }

        public Builder patients(Collection<String> refs) {
            patients.addAll(refs);
            return this;
        }

        public Builder refused(String code) {
            return outcome(Outcome.REFUSED, code);
        }

        public Builder outcome(Outcome outcome, String code) {
            this.outcome = outcome;
            this.code = code;
            return this;
        }

        public Builder request(String requestId) {
            this.requestId = requestId;
            return this;
        }

        /** Adds a fact; a null value is left out. */
        public Builder detail(String key, Object value) {
            if (value != null) {
                detail.put(key, value);
            }
            return this;
        }

        public Builder details(Map<String, ?> facts) {
            facts.forEach(this::detail);
            return this;
        }

        public AuditEvent build() {
            return new AuditEvent(at, tenantId, actor, action, object, subject, patients, outcome, code, requestId, detail);
        }
    }
}
