package se.samtal.signalling.live.redis;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import se.samtal.signalling.call.CallState;
import se.samtal.signalling.call.GroupCall;
import se.samtal.signalling.feed.SessionFact;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * How live sessions' values are written as JSON in Redis: their states and the facts of their
 * streams and bus messages. Instants as ISO-8601 text, nulls left out, and each fact and call
 * state named by its kind, so the engine's values need no annotations of their own.
 */
final class LiveJson {
    static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            .addMixIn(SessionFact.class, FactKinds.class)
            .addMixIn(CallState.class, CallKinds.class)
            .build();
    private static final ObjectWriter FACT_WRITER = MAPPER.writerFor(SessionFact.class);
    private static final ObjectReader FACT_READER = MAPPER.readerFor(SessionFact.class);

    private LiveJson() {
    }

    /** The kinds of fact that travel (a welcome never leaves its node). */
    @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "k")
    @JsonSubTypes({
            @JsonSubTypes.Type(value = SessionFact.ParticipantChanged.class, name = "participant"),
            @JsonSubTypes.Type(value = SessionFact.RecordingChanged.class, name = "recording"),
            @JsonSubTypes.Type(value = SessionFact.EndNear.class, name = "ending"),
            @JsonSubTypes.Type(value = SessionFact.Ended.class, name = "ended"),
            @JsonSubTypes.Type(value = SessionFact.PeerChanged.class, name = "peer"),
            @JsonSubTypes.Type(value = SessionFact.Signalled.class, name = "signal"),
            @JsonSubTypes.Type(value = SessionFact.ConsentAsked.class, name = "question"),
            @JsonSubTypes.Type(value = SessionFact.CallChanged.class, name = "call"),
            @JsonSubTypes.Type(value = SessionFact.BridgeOffered.class, name = "offer")})
    private interface FactKinds {
    }

    /** The kinds of call whose state is kept. */
    @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
    @JsonSubTypes(@JsonSubTypes.Type(value = GroupCall.State.class, name = "group"))
    private interface CallKinds {
    }

    static String fact(SessionFact fact) {
        try {
            return FACT_WRITER.writeValueAsString(fact);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    static SessionFact fact(String json) {
        try {
            return FACT_READER.readValue(json);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    static SessionFact fact(JsonNode json) {
        try {
            return FACT_READER.readValue(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A fact's kind, as the stream names it beside the fact (for whoever reads the stream by hand). */
    static String kindOf(SessionFact fact) {
        return fact.getClass().getSimpleName();
    }

    /** {@code text} as a JSON string literal. */
    static String quote(String text) {
        try {
            return MAPPER.writeValueAsString(text);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
