package se.samtal.server.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import se.samtal.audit.AuditObject;
import se.samtal.protocol.ErrorCode;
import se.samtal.protocol.SamtalException;
import se.samtal.protocol.WireCodec;
import se.samtal.server.dropin.DropIns;
import se.samtal.server.http.HttpResponses;
import se.samtal.server.http.HttpResult;
import se.samtal.server.tenant.ApiCaller;

import java.util.LinkedHashMap;
import java.util.List;

/**
 * {@code /api/v1/drop-ins}: what the platform does about drop-in conversations beyond what it does
 * with any care conversation ({@link ConversationApi}): {@code GET /api/v1/drop-ins?entry=…} lists
 * an entry's open drop-in conversations, {@code POST /api/v1/drop-ins/block} blocks a return code. Another tenant's code or conversation is unknown, as one that does not exist.
 */
final class DropInApi {
    private static final String BLOCK = "/api/v1/drop-ins/block";
    private static final String LIST = "/api/v1/drop-ins";
    private static final int MAX_LIST = 500;

    private final DropIns dropIns;
    private final ObjectMapper mapper = WireCodec.newMapper();
    private final ApiBodies bodies = new ApiBodies();

    DropInApi(DropIns dropIns) {
        this.dropIns = dropIns;
    }

    private static java.util.Map<String, Object> view(se.samtal.server.dropin.DropIn d) {
        var result = new LinkedHashMap<String, Object>();
        result.put("conversationId", d.conversationId());
        result.put("entry", d.entryId());
        result.put("personRef", d.personRef());
        result.put("createdAt", d.createdAt());
        result.put("closedAt", d.closedAt());
        result.put("blockedAt", d.blockedAt());
        result.put("claimedBy", d.claimedBy());
        result.put("claimedByName", d.claimedByName());
        result.put("visitSession", d.visitSession());
        return result;
    }

    /** The body of {@code POST /api/v1/drop-ins/block}: one of the two. */
    record BlockBody(String returnCode, String conversationId) {
    }

    HttpResult handle(ApiCaller caller, ApiRequest request) {
        var segments = request.segments(); // api, v1, drop-ins, ...
        if (segments.size() == 3) {
            try {
                request.requireMethod(HttpMethod.GET);
                String entry = request.param("entry");
                if (entry == null) {
                    throw new SamtalException(ErrorCode.BAD_REQUEST, "'entry' is required: the drop-in entry whose open conversations to list.");
                }
                var open = dropIns.open(caller.tenant().id(), entry, MAX_LIST);
                request.audit().patients(open.stream().map(se.samtal.server.dropin.DropIn::personRef).toList());
                return new HttpResult(LIST, HttpResponses.json(mapper, HttpResponseStatus.OK,
                        java.util.Map.of("items", open.stream().map(DropInApi::view).toList())));
            } catch (SamtalException e) {
                return new HttpResult(LIST, HttpResponses.error(mapper, e.code(), e.getMessage()));
            }
        }
        if (segments.size() != 4 || !segments.get(3).equals("block")) {
            return new HttpResult("/api/v1/drop-ins/unknown", HttpResponses.error(mapper, ErrorCode.NOT_FOUND, "No such API resource."));
        }
        try {
            request.requireMethod(HttpMethod.POST);
            var body = bodies.read(request, BlockBody.class);
            var blocked = dropIns.block(caller.tenant().id(), body.returnCode(), body.conversationId());
            request.audit().object(AuditObject.conversation(blocked.conversationId())).patients(List.of(blocked.personRef()));
            return new HttpResult(BLOCK, HttpResponses.json(mapper, HttpResponseStatus.OK, view(blocked)));
        } catch (SamtalException e) {
            return new HttpResult(BLOCK, HttpResponses.error(mapper, e.code(), e.getMessage()));
        }
    }
}
