package se.samtal.server.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import se.samtal.chat.CareConversations;
import se.samtal.chat.conversation.Conversation;
import se.samtal.chat.conversation.ConversationKind;
import se.samtal.chat.conversation.ConversationSettings;
import se.samtal.chat.conversation.ConversationStatus;
import se.samtal.chat.conversation.Member;
import se.samtal.chat.conversation.NewCareConversation;
import se.samtal.chat.conversation.NewMember;
import se.samtal.chat.expectation.ChatPolicies;
import se.samtal.chat.expectation.ReplyWithin;
import se.samtal.chat.expectation.StaffedHours;
import se.samtal.chat.export.Transcript;
import se.samtal.chat.json.ChatValuesModule;
import se.samtal.audit.AuditLog;
import se.samtal.audit.AuditObject;
import se.samtal.protocol.ErrorCode;
import se.samtal.protocol.Role;
import se.samtal.protocol.SamtalException;
import se.samtal.protocol.WireCodec;
import se.samtal.server.audit.ChainPins;
import se.samtal.server.audit.PatientLookup;
import se.samtal.signalling.visit.Principal;
import se.samtal.server.auth.TokenMinter;
import se.samtal.server.config.TokensConfig;
import se.samtal.server.http.HttpResponses;
import se.samtal.server.http.HttpResult;
import se.samtal.server.id.OpaqueIds;
import se.samtal.server.tenant.ApiCaller;
import se.samtal.server.tenant.Tenant;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * {@code /api/v1/conversations}: care conversations for the platform. Open one with its members,
 * manage the care team, close or reopen it, set what the patient is told to expect, put it on
 * legal hold, mint members' links, export it for the journal (JSON or a plain-text transcript),
 * and delete it. Another tenant's conversation answers {@code 404 conversation_not_found},
 * exactly as one that does not exist. Runs off the event loop.
 */
public final class ConversationApi {
    private static final Logger log = LoggerFactory.getLogger(ConversationApi.class);
    private static final String BASE = "/api/v1/conversations";
    private static final Set<String> ACTIONS = Set.of("members", "close", "reopen", "settings", "legal-hold", "links", "export");

    private final CareConversations conversations;
    private final ChatPolicies policies;
    private final TokenMinter minter;
    private final TokensConfig tokens;
    private final Supplier<String> publicUrl;
    private final PatientLookup patients;
    /** Read for the links of a conversation's chain it holds, which the export compares. */
    private final AuditLog trail;
    private final ObjectMapper mapper = WireCodec.newMapper().registerModule(new ChatValuesModule());
    private final ApiBodies bodies = new ApiBodies();

    public ConversationApi(CareConversations conversations, ChatPolicies policies, TokenMinter minter, TokensConfig tokens,
                           Supplier<String> publicUrl, PatientLookup patients, AuditLog trail) {
        this.conversations = conversations;
        this.trail = trail;
        this.policies = policies;
        this.minter = minter;
        this.tokens = tokens;
        this.publicUrl = publicUrl;
        this.patients = patients;
    }

    /** The body of {@code POST /api/v1/conversations}. */
    record NewConversationBody(String title, String externalRef, List<NewMember> members, ReplyWithin replyWithin,
                               StaffedHours staffedHours) {
    }

    /** The body of {@code PUT .../legal-hold}. */
    record HoldBody(String reason) {
    }

    /** The body of {@code POST .../links}: the member by id or by the platform's ref. */
    record LinkBody(String memberId, String ref, Long ttlSeconds) {
    }

    HttpResult handle(ApiCaller caller, ApiRequest request) {
        String route = BASE;
        Tenant tenant = caller.tenant();
        var segments = request.segments(); // api, v1, conversations, ...
        try {
            if (segments.size() == 3) {
                return new HttpResult(route, switch (request.requireMethod(HttpMethod.POST, HttpMethod.GET)) {
                    case "POST" -> create(tenant, request);
                    default -> bySession(tenant, request);
                });
            }
            String id = segments.get(3);
            if (!OpaqueIds.isPlausible(id)) {
                throw new SamtalException(ErrorCode.CONVERSATION_NOT_FOUND);
            }
            String action = segments.size() >= 5 ? segments.get(4) : null;
            if ((action != null && !ACTIONS.contains(action)) || segments.size() > 6
                    || (segments.size() == 6 && !"members".equals(action))) {
                return new HttpResult(BASE + "/{id}/unknown", error(ErrorCode.NOT_FOUND, "No such API resource."));
            }
            // A route template for metrics: only known words, never what a caller put in the URL.
            route = BASE + "/{id}" + (action == null ? "" : "/" + action) + (segments.size() == 6 ? "/{memberId}" : "");
            return new HttpResult(route, conversation(caller, request, id, action, segments));
        } catch (SamtalException e) {
            return new HttpResult(route, error(e.code(), e.getMessage()));
        }
    }

    private FullHttpResponse conversation(ApiCaller caller, ApiRequest request, String id, String action, List<String> segments) {
        String tenantId = caller.tenant().id();
        var concerned = patients.conversation(tenantId, id); // before the call changes (or deletes) it
        request.audit().object(concerned.object()).patients(concerned.patients());
        if (action == null) {
            if (request.requireMethod(HttpMethod.GET, HttpMethod.DELETE).equals("DELETE")) {
                conversations.delete(tenantId, id);
                log.atInfo().setMessage("Conversation deleted").addKeyValue("tenant", tenantId).addKeyValue("conversation", id)
                        .addKeyValue("credential", caller.credentialId()).log();
                return noContent();
            }
            return ok(ConversationViews.details(conversations.get(tenantId, id)));
        }
        return switch (action) {
            case "members" -> segments.size() == 6 ? removeMember(tenantId, id, segments.get(5), request)
                    : addMember(tenantId, id, request);
            case "close" -> close(tenantId, id, request);
            case "reopen" -> status(tenantId, id, request, ConversationStatus.OPEN);
            case "settings" -> {
                request.requireMethod(HttpMethod.PUT);
                conversations.setSettings(tenantId, id, bodies.read(request, ConversationSettings.class));
                yield ok(ConversationViews.details(conversations.get(tenantId, id)));
            }
            case "legal-hold" -> legalHold(caller, id, request);
            case "links" -> {
                request.requireMethod(HttpMethod.POST);
                yield mintLink(caller.tenant(), id, bodies.read(request, LinkBody.class), request);
            }
            case "export" -> {
                request.requireMethod(HttpMethod.GET);
                yield export(caller, id, request);
            }
            default -> throw new IllegalStateException("unhandled action " + action);
        };
    }

    private FullHttpResponse create(Tenant tenant, ApiRequest request) {
        var body = bodies.read(request, NewConversationBody.class);
        var created = conversations.create(tenant.id(), new NewCareConversation(body.title(), body.externalRef(), body.members(),
                new ConversationSettings(body.replyWithin(), body.staffedHours())));
        request.audit().object(AuditObject.conversation(created.id())).patients(body.members().stream()
                .filter(m -> m.role() == Role.PATIENT).map(NewMember::ref).toList());
        log.atInfo().setMessage("Conversation opened").addKeyValue("tenant", tenant.id()).addKeyValue("conversation", created.id())
                .addKeyValue("request", request.requestId()).log();
        var response = HttpResponses.json(mapper, HttpResponseStatus.CREATED,
                ConversationViews.details(conversations.get(tenant.id(), created.id())));
        response.headers().set(HttpHeaderNames.LOCATION, BASE + "/" + created.id());
        return response;
    }

    /** {@code GET /api/v1/conversations?sessionId=…}: the chat of a session, if it has one. */
    private FullHttpResponse bySession(Tenant tenant, ApiRequest request) {
        String sessionId = request.param("sessionId");
        if (sessionId == null) {
            throw new SamtalException(ErrorCode.BAD_REQUEST, "'sessionId' is required: the session whose chat to find.");
        }
        Optional<Conversation> found = OpaqueIds.isPlausible(sessionId) ? conversations.findBySession(tenant.id(), sessionId)
                : Optional.empty();
        found.ifPresent(c -> {
            var concerned = patients.conversation(tenant.id(), c.id());
            request.audit().object(concerned.object()).patients(concerned.patients());
        });
        return ok(Map.of("items", ConversationViews.list(found.stream().toList())));
    }

    private FullHttpResponse addMember(String tenantId, String id, ApiRequest request) {
        request.requireMethod(HttpMethod.POST);
        Member member = conversations.addMember(tenantId, id, bodies.read(request, NewMember.class));
        request.audit().subject(member.ref(), member.role());
        log.atInfo().setMessage("Member added").addKeyValue("tenant", tenantId).addKeyValue("conversation", id)
                .addKeyValue("member", member.id()).addKeyValue("role", member.role().wire()).log();
        return HttpResponses.json(mapper, HttpResponseStatus.CREATED, ConversationViews.member(member));
    }

    private FullHttpResponse removeMember(String tenantId, String id, String memberId, ApiRequest request) {
        request.requireMethod(HttpMethod.DELETE);
        conversations.get(tenantId, id).allMembers().stream().filter(m -> m.id().equals(memberId)).findFirst()
                .ifPresent(m -> request.audit().subject(m.ref(), m.role()));
        conversations.removeMember(tenantId, id, memberId);
        log.atInfo().setMessage("Member removed").addKeyValue("tenant", tenantId).addKeyValue("conversation", id)
                .addKeyValue("member", memberId).log();
        return noContent();
    }

    /** The body of {@code POST .../close} (optional: closing without a body gives no code). */
    record CloseBody(String closingCode) {
    }

    private FullHttpResponse close(String tenantId, String id, ApiRequest request) {
        request.requireMethod(HttpMethod.POST);
        String code = request.http().content().isReadable() ? bodies.read(request, CloseBody.class).closingCode() : null;
        var closed = conversations.close(tenantId, id, code);
        if (closed.closingCode() != null) {
            request.audit().detail("closingCode", closed.closingCode());
        }
        return ok(ConversationViews.details(conversations.get(tenantId, id)));
    }

    private FullHttpResponse status(String tenantId, String id, ApiRequest request, ConversationStatus status) {
        request.requireMethod(HttpMethod.POST);
        conversations.setStatus(tenantId, id, status);
        return ok(ConversationViews.details(conversations.get(tenantId, id)));
    }

    private FullHttpResponse legalHold(ApiCaller caller, String id, ApiRequest request) {
        String tenantId = caller.tenant().id();
        var changed = request.requireMethod(HttpMethod.PUT, HttpMethod.DELETE).equals("PUT")
                ? conversations.hold(tenantId, id, bodies.read(request, HoldBody.class).reason())
                : conversations.release(tenantId, id);
        log.atInfo().setMessage("Legal hold changed").addKeyValue("tenant", tenantId).addKeyValue("conversation", id)
                .addKeyValue("onHold", changed.isOnHold()).addKeyValue("credential", caller.credentialId()).log();
        return ok(ConversationViews.conversation(changed));
    }

    private FullHttpResponse mintLink(Tenant tenant, String id, LinkBody body, ApiRequest request) {
        if ((body.memberId() == null) == (body.ref() == null)) {
            throw new SamtalException(ErrorCode.BAD_REQUEST, "Give the member's 'memberId' or their 'ref'.");
        }
        var details = conversations.get(tenant.id(), id);
        if (details.state().conversation().kind() != ConversationKind.CARE) {
            throw new SamtalException(ErrorCode.CONFLICT, "A session's chat is reached through the session's join links.");
        }
        Member member = details.allMembers().stream()
                .filter(m -> m.isCurrent() && (m.id().equals(body.memberId()) || m.ref().equals(body.ref())))
                .findFirst().orElseThrow(() -> new SamtalException(ErrorCode.NOT_A_MEMBER, "No current member with that id or ref."));
        request.audit().subject(member.ref(), member.role());
        var ttl = LinkLifetime.of(body.ttlSeconds(), tokens.linkTtl(), tenant);
        var minted = minter.conversationToken(new Principal(tenant.id(), member.ref(), member.role(), member.name()), id, ttl);
        var result = new LinkedHashMap<String, Object>();
        result.put("url", publicUrl.get() + "/conversation#" + minted.token());
        result.put("token", minted.token());
        result.put("expiresAt", minted.expiresAt());
        result.put("conversationId", id);
        result.put("memberId", member.id());
        result.put("role", member.role());
        log.atInfo().setMessage("Conversation link minted").addKeyValue("tenant", tenant.id()).addKeyValue("conversation", id)
                .addKeyValue("member", member.id()).addKeyValue("request", request.requestId()).log();
        return HttpResponses.json(mapper, HttpResponseStatus.CREATED, result);
    }

    /** {@code GET .../export?format=json|text&lang=sv|en&afterSeq=0&limit=…}: a page of the conversation for the journal. */
    private FullHttpResponse export(ApiCaller caller, String id, ApiRequest request) {
        String format = request.param("format") == null ? "json" : request.param("format");
        String language = request.param("lang") == null ? "sv" : request.param("lang");
        if (!format.equals("json") && !format.equals("text")) {
            throw new SamtalException(ErrorCode.BAD_REQUEST, "'format' must be json or text.");
        }
        if (!language.equals("sv") && !language.equals("en")) {
            throw new SamtalException(ErrorCode.BAD_REQUEST, "'lang' must be sv or en.");
        }
        long afterSeq = number(request, "afterSeq", 0L);
        Long limit = request.param("limit") == null ? null : number(request, "limit", 0L);
        var export = conversations.export(caller.tenant().id(), id, afterSeq,
                limit == null ? null : (int) Math.min(limit, Integer.MAX_VALUE), () -> ChainPins.of(trail, caller.tenant().id(), id));
        var zone = policies.of(caller.tenant().id()).zone();
        request.audit().detail("format", format).detail("afterSeq", afterSeq).detail("count", export.messages().size())
                .detail("chain", export.chain().status().wire());
        if (!export.messages().isEmpty()) {
            request.audit().detail("firstSeq", export.messages().getFirst().seq()).detail("lastSeq", export.messages().getLast().seq());
        }
        log.atInfo().setMessage("Conversation exported").addKeyValue("tenant", caller.tenant().id()).addKeyValue("conversation", id)
                .addKeyValue("format", format).addKeyValue("messages", export.messages().size())
                .addKeyValue("credential", caller.credentialId()).addKeyValue("request", request.requestId()).log();
        FullHttpResponse response = format.equals("json")
                ? ok(ConversationViews.export(export, zone))
                : HttpResponses.text(HttpResponseStatus.OK, Transcript.render(export, zone, language), "text/plain; charset=utf-8");
        response.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-store")
                .set("Samtal-Export-More", Boolean.toString(export.more()))
                .set("Samtal-Export-Chain", export.chain().status().wire());
        if (export.more()) {
            response.headers().set("Samtal-Export-Next-After-Seq", export.messages().getLast().seq());
        }
        return response;
    }

    private static long number(ApiRequest request, String name, long fallback) {
        String value = request.param(name);
        if (value == null) {
            return fallback;
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new SamtalException(ErrorCode.BAD_REQUEST, "'" + name + "' must be a whole number.");
        }
    }

    private FullHttpResponse ok(Object body) {
        return HttpResponses.json(mapper, HttpResponseStatus.OK, body);
    }

    private static FullHttpResponse noContent() {
        var response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.NO_CONTENT);
        response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, 0);
        return response;
    }

    private FullHttpResponse error(ErrorCode code, String message) {
        return HttpResponses.error(mapper, code, message);
    }
}
