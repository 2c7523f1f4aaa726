package se.samtal.loadtest.gatling;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.Session;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.jsonPath;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

/**
 * The treatment platform's calls (docs/platform-api.md), made by each virtual user with the
 * tenant's API key: book a visit and mint its links, open a care conversation and mint its links.
 * Person refs are unique per virtual user ({@code t-<user>}, {@code p-<user>}).
 */
final class PlatformCalls {
    static final String THERAPIST_REF = "therapistRef";
    static final String PATIENT_REF = "patientRef";

    private PlatformCalls() {
    }

    /** Sets this user's person refs. */
    static ChainBuilder people() {
        return exec(session -> session.set(THERAPIST_REF, "t-" + session.userId()).set(PATIENT_REF, "p-" + session.userId()));
    }

    /** Books a video visit starting now, with the therapist and the patient; saves {@code sessionId}. */
    static ChainBuilder bookVisit(Target target) {
        return exec(http("platform: book a visit").post("/api/v1/sessions")
                .header("Authorization", "Bearer " + target.apiKey())
                .body(StringBody(PlatformCalls::booking)).asJson()
                .check(status().is(201), jsonPath("$.id").saveAs("sessionId")));
    }

    /** Mints a join link for the person whose ref is in {@code refKey}; saves the token in {@code tokenKey}. */
    static ChainBuilder visitLink(Target target, String label, String refKey, String tokenKey) {
        return exec(http(label).post("/api/v1/sessions/#{sessionId}/links")
                .header("Authorization", "Bearer " + target.apiKey())
                .body(StringBody(session -> json(Map.of("ref", session.getString(refKey))))).asJson()
                .check(status().is(201), jsonPath("$.token").saveAs(tokenKey)));
    }

    /** Opens a care conversation between the patient and the therapist; saves {@code conversationId}. */
    static ChainBuilder openConversation(Target target) {
        return exec(http("platform: open a care conversation").post("/api/v1/conversations")
                .header("Authorization", "Bearer " + target.apiKey())
                .body(StringBody(session -> json(Map.of("title", "Uppföljning", "members", List.of(
                        Map.of("ref", session.getString(PATIENT_REF), "role", "patient", "name", "Patient " + session.userId()),
                        Map.of("ref", session.getString(THERAPIST_REF), "role", "therapist", "name", "Terapeut " + session.userId()))))))
                .asJson()
                .check(status().is(201), jsonPath("$.id").saveAs("conversationId")));
    }

    /** Mints a link to the care conversation for the member whose ref is in {@code refKey}. */
    static ChainBuilder conversationLink(Target target, String label, String refKey, String tokenKey) {
        return exec(http(label).post("/api/v1/conversations/#{conversationId}/links")
                .header("Authorization", "Bearer " + target.apiKey())
                .body(StringBody(session -> json(Map.of("ref", session.getString(refKey))))).asJson()
                .check(status().is(201), jsonPath("$.token").saveAs(tokenKey)));
    }

    private static String booking(Session session) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        return json(Map.of("kind", "video", "title", "Uppföljning",
                "scheduledStart", now.toString(), "scheduledEnd", now.plus(1, ChronoUnit.HOURS).toString(),
                "participants", List.of(
                        Map.of("ref", session.getString(THERAPIST_REF), "role", "therapist", "name", "Terapeut " + session.userId()),
                        Map.of("ref", session.getString(PATIENT_REF), "role", "patient", "name", "Patient " + session.userId()))));
    }

    private static String json(Object value) {
        return SamtalDsl.CODEC.encodeToString(value);
    }
}
