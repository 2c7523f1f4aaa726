package se.samtal.protocol;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Arrays;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Every error samtal reports, on the WebSocket ({@code error} frames) and on the platform API
 * (JSON error bodies). The {@link #wire() wire string} is stable: clients switch on it. The
 * {@link #defaultMessage() message} is for humans and never contains personal data.
 */
public enum ErrorCode {
    // Frames and requests
    MALFORMED_JSON("malformed_json", 400, "The frame is not valid JSON."),
    BAD_REQUEST("bad_request", 400, "A field is missing or has an invalid value."),
    UNKNOWN_TYPE("unknown_type", 400, "Unknown message type."),
    HELLO_REQUIRED("hello_required", 400, "The first message on a connection must be hello."),
    ALREADY_JOINED("already_joined", 409, "This connection has already said hello."),
    HELLO_TIMEOUT("hello_timeout", 408, "No hello arrived in time."),

    // Join tokens
    TOKEN_INVALID("token_invalid", 401, "The token is malformed or its signature does not verify."),
    TOKEN_ALGORITHM_NOT_ALLOWED("token_algorithm_not_allowed", 401, "The token's signing algorithm is not allowed for its issuer."),
    TOKEN_UNKNOWN_ISSUER("token_unknown_issuer", 401, "The token's issuer is not a known tenant."),
    TOKEN_EXPIRED("token_expired", 401, "The token has expired."),
    TOKEN_NOT_YET_VALID("token_not_yet_valid", 401, "The token is not valid yet."),
    TOKEN_LIFETIME_TOO_LONG("token_lifetime_too_long", 401, "The token's lifetime exceeds what its tenant allows."),
    TOKEN_REPLAYED("token_replayed", 401, "This single-use token has already been used."),
    TOKEN_CLAIMS_INVALID("token_claims_invalid", 401, "The token lacks a required claim or a claim has an invalid value."),

    // Sessions
    SESSION_NOT_FOUND("session_not_found", 404, "No such session."),
    SESSION_CANCELLED("session_cancelled", 410, "The session has been cancelled."),
    SESSION_ENDED("session_ended", 410, "The session has ended."),
    SESSION_NOT_OPEN_YET("session_not_open_yet", 403, "The session does not open yet."),
    SESSION_FULL("session_full", 403, "The session has reached its maximum number of participants."),
    ADMISSION_DENIED("admission_denied", 403, "A host did not let you in to this session."),

    // Video visits: waiting room and call
    NOT_ADMITTED("not_admitted", 403, "You are in the waiting room; a host has not let you in yet."),
    NOT_IN_CALL("not_in_call", 409, "You, or the participant you address, are not in the call."),
    CALL_FULL("call_full", 409, "The call already has two participants; calls are one-to-one."),
    TOO_MANY_CANDIDATES("too_many_candidates", 429, "Too many ICE candidates for one session description."),

    // Chat
    CONVERSATION_NOT_FOUND("conversation_not_found", 404, "No such conversation."),
    NOT_A_MEMBER("not_a_member", 403, "You are not a member of this conversation."),
    CONVERSATION_CLOSED("conversation_closed", 409, "The conversation is closed; no new messages can be written."),
    MESSAGE_EMPTY("message_empty", 400, "The message has no visible text."),
    MESSAGE_TOO_LONG("message_too_long", 413, "The message is longer than allowed."),
    SEQUENCE_OUT_OF_RANGE("sequence_out_of_range", 400, "The sequence number is beyond the conversation's newest message."),
    // Drop-in (anonymous chat)
    /** (HTTP) the drop-in entry has as many open conversations as it takes: a new one cannot start now. */
    DROP_IN_FULL("drop_in_full", 503, "This chat has as many open conversations as it can take right now; try again later."),
    /** (HTTP) the return key or return code matches no conversation of this drop-in entry. */
    RETURN_CODE_UNKNOWN("return_code_unknown", 404, "No conversation has that return code."),
    /** (HTTP) the care provider blocked this return code: its conversation cannot be reached with it any more. */
    DROP_IN_BLOCKED("drop_in_blocked", 403, "This return code has been blocked by the care provider."),

    // Recording
    RECORDING_DISABLED("recording_disabled", 403, "This session cannot be recorded."),
    CONSENT_REFUSED("consent_refused", 409, "Someone in the session has said no to recording; only they can change that."),
    CONSENT_REQUIRED("consent_required", 403, "This person has not agreed to be recorded, so they wait while the recording runs."),

    // Authorization and limits
    FORBIDDEN("forbidden", 403, "Your role may not do this."),
    RATE_LIMITED("rate_limited", 429, "Too many requests; slow down."),
    PAYLOAD_TOO_LARGE("payload_too_large", 413, "The request is too large."),
    /** (HTTP) the request's headers are over the limit (8 KiB). */
    HEADERS_TOO_LARGE("headers_too_large", 431, "The request's headers are too large."),
    /** (HTTP) the request line (method, path and query) is over the limit (4 KiB). */
    URI_TOO_LONG("uri_too_long", 414, "The request line is too long."),
    /** (WebSocket handshake) a browser page of an origin this deployment does not allow opened the WebSocket. */
    ORIGIN_NOT_ALLOWED("origin_not_allowed", 403, "Pages of this origin may not open samtal's WebSocket."),
    TENANT_LIMIT_REACHED("tenant_limit_reached", 429, "The tenant has reached a configured limit."),

    // Platform API
    UNAUTHORIZED("unauthorized", 401, "Missing or invalid API credential."),
    NOT_FOUND("not_found", 404, "No such resource."),
    METHOD_NOT_ALLOWED("method_not_allowed", 405, "Method not allowed on this resource."),
    UNSUPPORTED_MEDIA_TYPE("unsupported_media_type", 415, "The body must be application/json."),
    CONFLICT("conflict", 409, "The resource is in a state that does not allow this."),

    // Server
    INTERNAL_ERROR("internal_error", 500, "Something went wrong on our side; nothing was changed."),
    /**
     * The server cannot tell whether the request took effect (the store stopped answering after it
     * was asked). Never means "not done": send it again (a chat message with the same idempotency
     * key) to learn the outcome. Clients also treat a request that got no reply in time this way.
     */
    OUTCOME_UNKNOWN("outcome_unknown", 503, "We could not learn whether this was done; send it again (with the same idempotency key) to find out."),
    UNAVAILABLE("unavailable", 503, "The server is shutting down or not ready; try again shortly.");

    private static final Map<String, ErrorCode> BY_WIRE =
            Arrays.stream(values()).collect(Collectors.toUnmodifiableMap(ErrorCode::wire, Function.identity()));

    private final String wire;
    private final int httpStatus;
    private final String defaultMessage;

    ErrorCode(String wire, int httpStatus, String defaultMessage) {
        this.wire = wire;
        this.httpStatus = httpStatus;
        this.defaultMessage = defaultMessage;
    }

    /** The stable string that appears in {@code code} fields. */
    @JsonValue
    public String wire() {
        return wire;
    }

    /** The HTTP status the platform API answers with for this code. */
    public int httpStatus() {
        return httpStatus;
    }

    /** A short human explanation, free of personal data. */
    public String defaultMessage() {
        return defaultMessage;
    }

    /** The code for a wire string, or {@code null} if this version does not know it. */
    @JsonCreator
    public static ErrorCode fromWire(String wire) {
        return BY_WIRE.get(wire);
    }
}
