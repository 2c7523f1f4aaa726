package se.samtal.server.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import se.samtal.protocol.DisplayText;
import se.samtal.protocol.ErrorCode;
import se.samtal.protocol.SamtalException;
import se.samtal.protocol.WireCodec;
import se.samtal.server.auth.StaffTokens;
import se.samtal.server.config.TokensConfig;
import se.samtal.server.http.HttpResponses;
import se.samtal.server.http.HttpResult;
import se.samtal.server.tenant.ApiCaller;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.function.Supplier;

/**
 * {@code POST /api/v1/inbox/links}: the platform mints a care-team member's link to the inbox
 * ({@code /inbox#<token>}), naming them by ref and name, and optionally the drop-in entries they serve.
 */
final class InboxApi {
    private static final String ROUTE = "/api/v1/inbox/links";
    private static final int MAX_REF_LENGTH = 128;

    private final StaffTokens tokens;
    private final TokensConfig config;
    private final Supplier<String> publicUrl;
    private final ObjectMapper mapper = WireCodec.newMapper();
    private final ApiBodies bodies = new ApiBodies();

    InboxApi(StaffTokens tokens, TokensConfig config, Supplier<String> publicUrl) {
        this.tokens = tokens;
        this.config = config;
        this.publicUrl = publicUrl;
    }

    /** The body: who the link is for. */
    record LinkBody(String ref, String name, List<String> entries, Long ttlSeconds) {
    }

    HttpResult handle(ApiCaller caller, ApiRequest request) {
        var segments = request.segments(); // api, v1, inbox, links
        if (segments.size() != 4 || !segments.get(3).equals("links")) {
            return new HttpResult("/api/v1/inbox/unknown", HttpResponses.error(mapper, ErrorCode.NOT_FOUND, "No such API resource."));
        }
        try {
            request.requireMethod(HttpMethod.POST);
            var body = bodies.read(request, LinkBody.class);
            if (body.ref() == null || body.ref().isBlank() || body.ref().length() > MAX_REF_LENGTH
                    || body.ref().chars().anyMatch(Character::isISOControl)) {
                throw new SamtalException(ErrorCode.BAD_REQUEST, "'ref' is required: 1–128 characters, your opaque reference for the staff member.");
            }
            if (body.name() != null && (body.name().length() > 100 || !DisplayText.isAcceptable(body.name()))) {
                throw new SamtalException(ErrorCode.BAD_REQUEST, DisplayText.rule("name", 100));
            }
            var entries = body.entries() == null ? List.<String>of() : List.copyOf(body.entries());
            var own = caller.tenant().dropIn().entries().stream().map(e -> e.id()).toList();
            for (String entry : entries) {
                if (!own.contains(entry)) {
                    throw new SamtalException(ErrorCode.BAD_REQUEST, "'entries' must name the tenant's drop-in entries.");
                }
            }
            var ttl = LinkLifetime.of(body.ttlSeconds(), config.linkTtl(), caller.tenant());
            var minted = tokens.mint(new StaffTokens.Staff(caller.tenant().id(), body.ref(), body.name() == null || body.name().isBlank()
                    ? null : body.name().strip(), entries), ttl);
            request.audit().subject(body.ref(), se.samtal.protocol.Role.THERAPIST);
            var result = new LinkedHashMap<String, Object>();
            result.put("url", publicUrl.get() + "/inbox#" + minted.token());
            result.put("token", minted.token());
            result.put("expiresAt", minted.expiresAt());
            return new HttpResult(ROUTE, HttpResponses.json(mapper, HttpResponseStatus.CREATED, result));
        } catch (SamtalException e) {
            return new HttpResult(ROUTE, HttpResponses.error(mapper, e.code(), e.getMessage()));
        }
    }
}
