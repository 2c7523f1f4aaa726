package se.samtal.server.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import se.samtal.audit.AuditObject;
import se.samtal.audit.chain.AuditEntry;
import se.samtal.audit.chain.ChainPoint;
import se.samtal.audit.chain.EntryCodec;
import se.samtal.audit.chain.IndexRef;
import se.samtal.audit.chain.PurgeRecord;
import se.samtal.audit.store.AuditPage;
import se.samtal.audit.store.AuditQuery;
import se.samtal.audit.store.PageCursor;
import se.samtal.audit.verify.Verification;
import se.samtal.protocol.ErrorCode;
import se.samtal.protocol.SamtalException;
import se.samtal.protocol.WireCodec;
import se.samtal.server.audit.AuditTrail;
import se.samtal.server.audit.PatientLookup;
import se.samtal.server.http.HttpResponses;
import se.samtal.server.http.HttpResult;
import se.samtal.server.id.OpaqueIds;
import se.samtal.server.tenant.ApiCaller;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code /api/v1/audit}: the tenant's audit trail for the platform. A patient's access log over a
 * time range ("loggutdrag"; the ref goes in the body, never in a URL), the log of a session
 * (with its chat) or a conversation, and verification of the chain. Every entry comes with its
 * hash and the previous entry's, and {@code verify=true} walks the whole chain in the same call.
 * Each read is itself audited (by {@link ApiCallAudit}, from what this notes). Blocks on the
 * store: runs off the event loop.
 */
public final class AuditApi {
    private static final Logger log = LoggerFactory.getLogger(AuditApi.class);
    private static final String BASE = "/api/v1/audit";
    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1000;
    private static final Instant OPEN_END = Instant.parse("9999-12-31T23:59:59.999Z");

    private final AuditTrail trail;
    private final PatientLookup patients;
    private final ObjectMapper mapper = WireCodec.newMapper();
    private final ApiBodies bodies = new ApiBodies();

    public AuditApi(AuditTrail trail, PatientLookup patients) {
        this.trail = trail;
        this.patients = patients;
    }

    /** The body of {@code POST /api/v1/audit/patient-log}. */
    record PatientLogQuery(String patientRef, Instant from, Instant to, Integer limit, String cursor, Boolean verify) {
    }

    /** What one query asks for, however it came (body or query string). */
    private record Range(Instant from, Instant to, int limit, PageCursor cursor, boolean verify) {
    }

    HttpResult handle(ApiCaller caller, ApiRequest request) {
        var segments = request.segments(); // api, v1, audit, ...
        String route = BASE + "/unknown";
        try {
            if (segments.size() == 4 && segments.get(3).equals("patient-log")) {
                route = BASE + "/patient-log";
                request.requireMethod(HttpMethod.POST);
                return new HttpResult(route, patientLog(caller, request));
            }
            if (segments.size() == 4 && segments.get(3).equals("verify")) {
                route = BASE + "/verify";
                request.requireMethod(HttpMethod.GET);
                return new HttpResult(route, verify(caller, request));
            }
            if (segments.size() == 5 && (segments.get(3).equals("sessions") || segments.get(3).equals("conversations"))) {
                boolean session = segments.get(3).equals("sessions");
                route = BASE + "/" + segments.get(3) + "/{id}";
                request.requireMethod(HttpMethod.GET);
                return new HttpResult(route, objectLog(caller, request, session, segments.get(4)));
            }
            return new HttpResult(route, HttpResponses.error(mapper, ErrorCode.NOT_FOUND, "No such API resource."));
        } catch (SamtalException e) {
            return new HttpResult(route, HttpResponses.error(mapper, e.code(), e.getMessage()));
        }
    }

    private FullHttpResponse patientLog(ApiCaller caller, ApiRequest request) {
        var body = bodies.read(request, PatientLogQuery.class);
        String ref = body.patientRef();
        if (ref == null || ref.isEmpty() || ref.length() > 128 || ref.chars().anyMatch(Character::isISOControl)) {
            throw bad("'patientRef' is required: the platform's ref of the patient, 1–128 characters.");
        }
        request.audit().object(AuditObject.of("patient_log")).patients(List.of(ref));
        var range = range(body.from(), body.to(), body.limit(), body.cursor(), body.verify());
        var result = new LinkedHashMap<String, Object>();
        result.put("patientRef", ref);
        return answer(caller, request, result, IndexRef.Kind.PATIENT, ref, range);
    }

    private FullHttpResponse objectLog(ApiCaller caller, ApiRequest request, boolean session,
                                                                   String id) {
        String tenantId = caller.tenant().id();
        if (!OpaqueIds.isPlausible(id)) {
            throw new SamtalException(session ? ErrorCode.NOT_FOUND : ErrorCode.CONVERSATION_NOT_FOUND);
        }
        if (session) {
            request.audit().object(AuditObject.session(id)).patients(patients.session(tenantId, id));
        } else {
            var concerned = patients.conversation(tenantId, id);
            request.audit().object(concerned.object()).patients(concerned.patients());
        }
        var range = range(instant(request, "from"), instant(request, "to"), integer(request, "limit"), request.param("cursor"),
                "true".equals(request.param("verify")));
        var result = new LinkedHashMap<String, Object>();
        result.put(session ? "sessionId" : "conversationId", id);
        String type = session ? AuditObject.SESSION : AuditObject.CONVERSATION;
        return answer(caller, request, result, IndexRef.Kind.OBJECT, AuditObject.key(type, id), range);
    }

    private FullHttpResponse answer(ApiCaller caller, ApiRequest request, Map<String, Object> result,
                                                                IndexRef.Kind kind, String key, Range range) {
        String tenantId = caller.tenant().id();
        AuditPage page = trail.log().find(new AuditQuery(tenantId, kind, key, range.from(), range.to(), range.cursor(),
                range.limit()));
        request.audit().detail("count", page.entries().size())
                .detail("from", range.from().equals(Instant.EPOCH) ? null : range.from().toString())
                .detail("to", range.to().equals(OPEN_END) ? null : range.to().toString());
        result.put("tenant", tenantId);
        result.put("items", page.entries().stream().map(AuditApi::item).toList());
        if (page.next() != null) {
            result.put("nextCursor", page.next().encode());
        }
        result.put("chain", chain(request, tenantId, range.verify()));
        return HttpResponses.json(mapper, HttpResponseStatus.OK, result);
    }

    private FullHttpResponse verify(ApiCaller caller, ApiRequest request) {
        request.audit().object(AuditObject.of(PurgeRecord.AUDIT_LOG));
        return HttpResponses.json(mapper, HttpResponseStatus.OK, chain(request, caller.tenant().id(), true));
    }

    /** The chain's head, and with {@code verify} the result of walking it. */
    private Map<String, Object> chain(ApiRequest request, String tenantId, boolean verify) {
        var chain = new LinkedHashMap<String, Object>();
        if (!verify) {
            chain.put("head", point(trail.log().head(tenantId)));
            return chain;
        }
        Verification v = trail.log().verify(tenantId);
        request.audit().detail("verified", true).detail("intact", v.intact()).detail("checked", v.checked())
                .detail("breakSeq", v.intact() ? null : v.firstBreak().seq());
        if (!v.complete()) {
            log.atError().setMessage("Audit chain has gaps: entries were lost before they could be stored")
                    .addKeyValue("tenant", tenantId).addKeyValue("gaps", v.gaps().size()).log();
        }
        if (!v.intact()) {
            log.atError().setMessage("Audit chain broken").addKeyValue("tenant", tenantId).addKeyValue("seq", v.firstBreak().seq())
                    .addKeyValue("reason", v.firstBreak().reason().wire()).log();
        }
        chain.put("head", point(v.head()));
        chain.put("verification", verification(v));
        return chain;
    }

    static Map<String, Object> verification(Verification v) {
        var view = new LinkedHashMap<String, Object>();
        view.put("intact", v.intact());
        view.put("complete", v.complete());
        if (!v.complete()) {
            view.put("gaps", v.gaps().stream().map(g -> Map.of("seq", g.seq(), "lost", g.lost())).toList());
        }
        view.put("checked", v.checked());
        view.put("startsAfter", point(v.startsAfter()));
        view.put("head", point(v.head()));
        if (!v.intact()) {
            view.put("firstBreak", Map.of("seq", v.firstBreak().seq(), "reason", v.firstBreak().reason().wire(),
                    "message", v.firstBreak().message()));
        }
        return view;
    }

    private static Map<String, Object> point(ChainPoint point) {
        return Map.of("seq", point.seq(), "hash", point.hash());
    }

    /** An entry as the API shows it: its canonical members, with its hash and the previous entry's beside them. */
    static Map<String, Object> item(AuditEntry entry) {
        var item = new LinkedHashMap<String, Object>();
        EntryCodec.tree(entry.seq(), entry.event()).fields().forEachRemaining(f -> item.put(f.getKey(), f.getValue()));
        item.put("prevHash", entry.prevHash());
        item.put("hash", entry.hash());
        return item;
    }

    private static Range range(Instant from, Instant to, Integer limit, String cursor, Boolean verify) {
        Instant start = from != null ? from : Instant.EPOCH;
        Instant end = to != null ? to : OPEN_END;
        if (!end.isAfter(start)) {
            throw bad("'to' must be after 'from'.");
        }
        int size = limit != null ? limit : DEFAULT_LIMIT;
        if (size < 1 || size > MAX_LIMIT) {
            throw bad("'limit' must be between 1 and " + MAX_LIMIT + ".");
        }
        PageCursor after = cursor == null ? null
                : PageCursor.decode(cursor).orElseThrow(() -> bad("'cursor' is not one this API returned."));
        return new Range(start, end, size, after, verify != null && verify);
    }

    private static Instant instant(ApiRequest request, String name) {
        String value = request.param(name);
        try {
            return value == null ? null : Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw bad("'" + name + "' must be an ISO-8601 instant such as 2026-11-23T09:00:00Z.");
        }
    }

    private static Integer integer(ApiRequest request, String name) {
        String value = request.param(name);
        try {
            return value == null ? null : Integer.valueOf(value);
        } catch (NumberFormatException e) {
            throw bad("'" + name + "' must be a whole number.");
        }
    }

    private static SamtalException bad(String message) {
        return new SamtalException(ErrorCode.BAD_REQUEST, message);
    }
}
