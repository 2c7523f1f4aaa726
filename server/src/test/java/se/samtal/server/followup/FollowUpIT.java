package se.samtal.server.followup;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import se.samtal.client.SamtalConnection;
import se.samtal.protocol.ClientMessage;
import se.samtal.protocol.ServerMessage;
import se.samtal.protocol.Stage;
import se.samtal.server.testing.ChatTesting;
import se.samtal.server.testing.TestServer;
import se.samtal.server.testing.WebhookReceiver;
import se.samtal.server.visit.Visits;

import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static se.samtal.server.visit.Visits.ok;

/**
 * Whole visits driven through the Java client and the platform API on the test clock (held, so
 * every figure is exact), then their records, the {@code session.ended} webhook and the
 * tenant's reports, as JSON, Swedish text and CSV.
 */
class FollowUpIT {
    private static final ZoneId ZONE = ZoneId.of("Europe/Stockholm");
    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm");
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void aMonthOfVisitsHasExactRecordsInJsonAndSwedishAndAReportThatCountsThem() throws Exception {
        try (var hooks = new WebhookReceiver(); var server = TestServer.start(config ->
                TestServer.tenant(config).putObject("webhook").put("url", hooks.url()).put("secret", WebhookReceiver.SECRET))) {
            server.clock().hold();
            Instant firstStart = server.now();

            // A: the patient waits 2 minutes, then a 45-minute video call.
            Instant a0 = server.now();
            String a = book(server, Duration.ofMinutes(45), false);
            var aTherapist = server.join(server.link(a, "therapist-1"));
            var aPatient = server.join(server.link(a, "patient-1"));
            server.clock().advance(Duration.ofMinutes(2));
            admit(aTherapist, aPatient);
            inCall(aTherapist, aPatient);
            server.clock().advance(Duration.ofMinutes(45));
            ok(aTherapist.request(ClientMessage.EndSession::new));

            // B: the patient comes 10 minutes late, with sound only, waits a minute; 30 minutes.
            Instant b0 = server.now();
            String b = book(server, Duration.ofMinutes(30), false);
            var bTherapist = server.join(server.link(b, "therapist-1"));
            server.clock().advance(Duration.ofMinutes(10));
            var bPatient = server.join(server.link(b, "patient-1"));
            ok(bPatient.request(id -> new ClientMessage.SetMedia(id, null, false, true)));
            server.clock().advance(Duration.ofMinutes(1));
            admit(bTherapist, bPatient);
            inCall(bTherapist, bPatient);
            server.clock().advance(Duration.ofMinutes(30));
            ok(bTherapist.request(ClientMessage.EndSession::new));

            // C: with an interpreter (let in once the therapist is there); the patient waits 3 minutes; 20 minutes of video.
            Instant c0 = server.now();
            String c = book(server, Duration.ofMinutes(30), true);
            var cTherapist = server.join(server.link(c, "therapist-1"));
            var cInterpreter = server.join(server.link(c, "interpreter-1"));
            Visits.awaitStage(cTherapist, cInterpreter.welcome().you().participantId(), Stage.ADMITTED);
            var cPatient = server.join(server.link(c, "patient-1"));
            server.clock().advance(Duration.ofMinutes(3));
            admit(cTherapist, cPatient);
            inCall(cTherapist, cPatient);
            server.clock().advance(Duration.ofMinutes(20));
            ok(cTherapist.request(ClientMessage.EndSession::new));

            // D: the patient never comes; the therapist gives up after 15 minutes.
            String d = book(server, Duration.ofMinutes(30), false);
            var dTherapist = server.join(server.link(d, "therapist-1"));
            server.clock().advance(Duration.ofMinutes(15));
            ok(dTherapist.request(ClientMessage.EndSession::new));

            // E: cancelled before anyone came.
            String e = book(server, Duration.ofMinutes(30), false);
            assertThat(server.api("POST", "/api/v1/sessions/" + e + "/cancel", null).status()).isEqualTo(200);

            await().atMost(Duration.ofSeconds(10)).until(() -> hooks.ofType("session.ended").size() == 5);

            // The records.
            JsonNode ra = record(server, a);
            assertThat(ra.get("outcome").asText()).isEqualTo("completed");
            assertThat(ra.get("contactType").asText()).isEqualTo("video");
            assertThat(ra.get("durationSeconds").asLong()).isEqualTo(2700);
            assertThat(ra.get("patientWaitedSeconds").asLong()).isEqualTo(120);
            assertThat(ra.get("startedAt").asText()).isEqualTo(a0.plus(Duration.ofMinutes(2)).toString());
            assertThat(ra.get("endedAt").asText()).isEqualTo(a0.plus(Duration.ofMinutes(47)).toString());
            assertThat(ra.get("noShow").asBoolean()).isFalse();
            assertThat(ra.get("patientLate").asBoolean()).isFalse();
            assertThat(ra.get("interpreterPresent").asBoolean()).isFalse();
            assertThat(ra.get("complete").asBoolean()).isTrue();
            assertThat(ra.get("recording").get("outcome").asText()).isEqualTo("not_requested");
            assertThat(ra.get("contact").get("videoSeconds").asLong()).isEqualTo(2700);
            var aPeople = ra.get("participants");
            assertThat(aPeople).hasSize(2);
            JsonNode therapist = aPeople.get(0);
            JsonNode patient = aPeople.get(1);
            assertThat(therapist.get("role").asText()).isEqualTo("therapist");
            assertThat(therapist.get("ref").asText()).isEqualTo("therapist-1");
            assertThat(therapist.has("name")).as("no names unless asked for").isFalse();
            assertThat(patient.get("role").asText()).isEqualTo("patient");
            assertThat(patient.get("waitedSeconds").asLong()).isEqualTo(120);
            assertThat(patient.get("admittedBy").get("participantId").asText())
                    .isEqualTo(aTherapist.welcome().you().participantId());
            assertThat(patient.get("admittedBy").get("role").asText()).isEqualTo("therapist");
            assertThat(patient.get("joinedAt").asText()).isEqualTo(a0.toString());
            assertThat(patient.get("inCallSeconds").asLong()).isEqualTo(2700);
            assertThat(patient.get("reconnects").asInt()).isZero();
            assertThat(patient.get("leftReason").asText()).isEqualTo("session_ended");
            assertThat(text(server, a)).isEqualTo("Videobesök 45 min, patient deltog, väntetid 2 min.\n"
                    + "Tid: " + span(a0.plus(Duration.ofMinutes(2)), a0.plus(Duration.ofMinutes(47)))
                    + " (bokat " + booked(a0.plus(Duration.ofMinutes(2)), a0, a0.plus(Duration.ofMinutes(45))) + ").\n");
            var named = server.api("GET", "/api/v1/sessions/" + a + "/record?names=true", null).body();
            assertThat(named.get("participants").get(1).get("name").asText()).isEqualTo("Patient Pim");

            JsonNode rb = record(server, b);
            assertThat(rb.get("contactType").asText()).isEqualTo("audio");
            assertThat(rb.get("durationSeconds").asLong()).isEqualTo(1800);
            assertThat(rb.get("contact").get("audioOnlySeconds").asLong()).isEqualTo(1800);
            assertThat(rb.get("patientWaitedSeconds").asLong()).isEqualTo(60);
            assertThat(rb.get("patientLate").asBoolean()).isTrue();
            assertThat(rb.get("participants").get(1).get("lateSeconds").asLong()).isEqualTo(600);
            assertThat(text(server, b)).startsWith("Ljudbesök 30 min, patient deltog, väntetid 1 min. Patienten kom 10 min för sent.\n");

            JsonNode rc = record(server, c);
            assertThat(rc.get("contactType").asText()).isEqualTo("video");
            assertThat(rc.get("durationSeconds").asLong()).isEqualTo(1200);
            assertThat(rc.get("patientWaitedSeconds").asLong()).isEqualTo(180);
            assertThat(rc.get("interpreterPresent").asBoolean()).isTrue();
            assertThat(rc.get("participants")).extracting(p -> p.get("role").asText())
                    .containsExactly("therapist", "interpreter", "patient");
            JsonNode interpreter = rc.get("participants").get(1);
            assertThat(interpreter.get("tookPart").asBoolean()).isTrue();
            assertThat(interpreter.has("admittedBy")).as("let in by the room's rules, not by a host").isFalse();
            assertThat(text(server, c)).startsWith("Videobesök 20 min, patient och tolk deltog, väntetid 3 min.\n");

            JsonNode rd = record(server, d);
            assertThat(rd.get("outcome").asText()).isEqualTo("no_show");
            assertThat(rd.get("noShow").asBoolean()).isTrue();
            assertThat(rd.has("contactType")).isFalse();
            assertThat(rd.get("absent")).extracting(p -> p.get("ref").asText()).containsExactly("patient-1");
            assertThat(text(server, d)).startsWith("Uteblivet besök: patienten kom inte.\n");

            JsonNode re = record(server, e);
            assertThat(re.get("outcome").asText()).isEqualTo("cancelled");
            assertThat(re.get("participants")).isEmpty();

            // The session.ended webhook carries the record, without names.
            var endedA = hooks.ofType("session.ended").stream()
                    .filter(h -> h.json().get("data").get("sessionId").asText().equals(a)).findFirst().orElseThrow();
            assertThat(endedA.json().get("data").get("record").get("durationSeconds").asLong()).isEqualTo(2700);
            assertThat(endedA.json().get("data").get("record").get("outcome").asText()).isEqualTo("completed");
            assertThat(endedA.body()).doesNotContain("Pim", "Tove", "Uppföljning");

            // The month's report, as JSON.
            String from = firstStart.atZone(ZONE).withDayOfMonth(1).toLocalDate().toString();
            String to = server.now().atZone(ZONE).withDayOfMonth(1).plusMonths(1).toLocalDate().toString();
            String query = "/api/v1/reports/visits?from=" + from + "&to=" + to + "&groupBy=month";
            var report = server.api("GET", query, null);
            assertThat(report.status()).isEqualTo(200);
            JsonNode total = report.body().get("total");
            assertThat(total.get("visits").asInt()).isEqualTo(5);
            assertThat(total.get("outcomes").get("completed").asInt()).isEqualTo(3);
            assertThat(total.get("outcomes").get("cancelled").asInt()).isEqualTo(1);
            assertThat(total.get("outcomes").get("no_show").asInt()).isEqualTo(1);
            assertThat(total.get("outcomes").get("not_held").asInt()).isZero();
            assertThat(total.get("contactTypes").get("video").asInt()).isEqualTo(2);
            assertThat(total.get("contactTypes").get("audio").asInt()).isEqualTo(1);
            assertThat(total.get("waitingSeconds").get("count").asInt()).isEqualTo(3);
            assertThat(total.get("waitingSeconds").get("median").asLong()).isEqualTo(120);
            assertThat(total.get("waitingSeconds").get("p90").asLong()).isEqualTo(180);
            assertThat(total.get("durationSeconds").get("median").asLong()).isEqualTo(1800);
            String month = firstStart.atZone(ZONE).format(DateTimeFormatter.ofPattern("yyyy-MM"));
            assertThat(report.body().get("groups").get(0).get("period").asText()).isEqualTo(month);
            int grouped = 0;
            for (JsonNode g : report.body().get("groups")) {
                grouped += g.get("visits").asInt();
            }
            assertThat(grouped).as("the groups add up to the total").isEqualTo(5);

            // The same report as CSV matches the JSON, cell by cell.
            var csv = csv(server, query, TestServer.API_KEY);
            assertThat(csv.headers().get("content-type")).isEqualTo("text/csv; charset=utf-8");
            var rows = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(new StringReader(csv.body()))
                    .getRecords();
            assertThat(rows).hasSize(report.body().get("groups").size() + 1);
            CSVRecord totalRow = rows.getLast();
            assertThat(totalRow.get("period")).isEqualTo("total");
            assertThat(totalRow.get("visits")).isEqualTo("5");
            assertThat(totalRow.get("outcomes.no_show")).isEqualTo("1");
            assertThat(totalRow.get("waitingSeconds.p90")).isEqualTo("180");
            for (String column : totalRow.getParser().getHeaderNames()) {
                if (column.equals("period") || column.equals("from") || column.equals("to")) {
                    continue;
                }
                JsonNode value = total.at("/" + column.replace('.', '/'));
                assertThat(totalRow.get(column)).as(column).isEqualTo(value.isMissingNode() ? "" : value.asText());
            }

            // Another tenant's key: no such session, and a report that knows none of these visits.
            assertThat(server.api("GET", "/api/v1/sessions/" + a + "/record", null, TestServer.OTHER_API_KEY).status())
                    .isEqualTo(404);
            assertThat(server.api("GET", query, null, TestServer.OTHER_API_KEY).body().get("total").get("visits").asInt()).isZero();

            // Both reads are audited.
            var log = server.api("GET", "/api/v1/audit/sessions/" + a, null).body();
            assertThat(log.get("items")).anySatisfy(entry -> {
                assertThat(entry.get("action").asText()).isEqualTo("session.record_read");
                assertThat(entry.get("patients")).extracting(JsonNode::asText).containsExactly("patient-1");
            });
            assertThat(server.get("/metrics").raw().body())
                    .contains("samtal_audit_events_total{action=\"report.read\",tenant=\"region-a\"}")
                    .contains("samtal_visit_duration_seconds_count{contact_type=\"video\",tenant=\"region-a\"} 2")
                    .doesNotContain("patient-1");
            aPatient.close();
            bPatient.close();
            cPatient.close();
            cInterpreter.close();
        }
    }

    @Test
    void aRecordIsPurgedWithTheSessionsDataOnceItsRetentionHasPassed() throws Exception {
        try (var server = TestServer.start(config -> TestServer.tenant(config).putObject("chat").put("retentionDays", 1))) {
            server.clock().hold();
            String session = book(server, Duration.ofMinutes(30), false);
            var therapist = server.join(server.link(session, "therapist-1"));
            var patient = server.join(server.link(session, "patient-1"));
            admit(therapist, patient);
            ChatTesting.send(patient, "Hej, jag är här.");
            inCall(therapist, patient);
            server.clock().advance(Duration.ofMinutes(25));
            ok(therapist.request(ClientMessage.EndSession::new));
            await().atMost(Duration.ofSeconds(10)).until(() -> record(server, session).get("complete").asBoolean());
            assertThat(record(server, session).get("contact").get("chatMessages").asInt()).isEqualTo(1);
            assertThat(server.api("GET", "/api/v1/conversations?sessionId=" + session, null).body().get("items")).hasSize(1);

            server.clock().advance(Duration.ofHours(23));
            server.server().purgeNow();
            assertThat(server.api("GET", "/api/v1/sessions/" + session + "/record", null).status()).isEqualTo(200);
            assertThat(server.api("GET", "/api/v1/conversations?sessionId=" + session, null).body().get("items")).hasSize(1);

            server.clock().advance(Duration.ofHours(2));
            server.server().purgeNow();
            var gone = server.api("GET", "/api/v1/sessions/" + session + "/record", null);
            assertThat(gone.status()).isEqualTo(404);
            assertThat(gone.errorCode()).isEqualTo("not_found");
            assertThat(server.api("GET", "/api/v1/conversations?sessionId=" + session, null).body().get("items"))
                    .as("the session's chat went the same way").isEmpty();
            String day = server.now().minus(Duration.ofDays(3)).toString();
            var report = server.api("GET", "/api/v1/reports/visits?from=" + day + "&to=" + server.now(), null).body();
            assertThat(report.get("total").get("visits").asInt()).isZero();
            patient.close();
        }
    }

    @Test
    void careConversationsCountRepliesAgainstThePromiseAndClosingsByCode() throws Exception {
        try (var server = TestServer.start()) {
            server.clock().hold();
            Instant t0 = server.now();
            String id = ChatTesting.createConversation(server, Map.of("replyWithin", Map.of("amount", 2, "unit", "hours")));
            var patient = server.join(ChatTesting.link(server, id, ChatTesting.PATIENT));
            var therapist = server.join(ChatTesting.link(server, id, ChatTesting.THERAPIST));
            ChatTesting.send(patient, "Jag glömde dosen.");
            server.clock().advance(Duration.ofMinutes(10));
            ChatTesting.send(patient, "Igen.");
            server.clock().advance(Duration.ofMinutes(20));
            ChatTesting.send(therapist, "Tack, vi ringer dig.");         // first reply: 30 min, within 2 h
            server.clock().advance(Duration.ofHours(1));
            ChatTesting.send(patient, "Ingen ringde.");
            server.clock().advance(Duration.ofHours(3));
            ChatTesting.send(therapist, "Förlåt, nu ringer vi.");       // 3 h: not within 2 h

            var bad = server.api("POST", "/api/v1/conversations/" + id + "/close", Map.of("closingCode", "lunch"));
            assertThat(bad.status()).isEqualTo(400);
            assertThat(bad.body().get("error").get("message").asText()).contains("self_care", "referred", "booked_visit", "no_action");
            var closed = server.api("POST", "/api/v1/conversations/" + id + "/close", Map.of("closingCode", "self_care"));
            assertThat(closed.status()).isEqualTo(200);
            assertThat(closed.body().get("status").asText()).isEqualTo("closed");
            assertThat(closed.body().get("closingCode").asText()).isEqualTo("self_care");
            var reopened = server.api("POST", "/api/v1/conversations/" + id + "/reopen", null);
            assertThat(reopened.body().get("status").asText()).isEqualTo("open");
            assertThat(reopened.body().has("closingCode")).isFalse();
            server.clock().advance(Duration.ofMinutes(5));
            assertThat(server.api("POST", "/api/v1/conversations/" + id + "/close", Map.of("closingCode", "referred")).status())
                    .isEqualTo(200);

            String query = "/api/v1/reports/conversations?from=" + t0.minus(Duration.ofDays(1)) + "&to=" + server.now().plusSeconds(1);
            await().atMost(Duration.ofSeconds(10)).until(() ->
                    server.api("GET", query, null).body().get("closed").get("total").asInt() == 2);
            JsonNode report = server.api("GET", query, null).body();
            assertThat(report.get("messages").get("total").asInt()).isEqualTo(5);
            assertThat(report.get("messages").get("byRole").get("patient").asInt()).isEqualTo(3);
            assertThat(report.get("messages").get("byRole").get("therapist").asInt()).isEqualTo(2);
            assertThat(report.get("conversations").get("active").asInt()).isEqualTo(1);
            JsonNode replies = report.get("replies");
            assertThat(replies.get("count").asInt()).isEqualTo(2);
            assertThat(replies.get("medianSeconds").asLong()).isEqualTo((1800 + 10800) / 2);
            assertThat(replies.get("p90Seconds").asLong()).isEqualTo(10800);
            assertThat(replies.get("promised").asInt()).isEqualTo(2);
            assertThat(replies.get("withinPromise").asInt()).isEqualTo(1);
            assertThat(replies.get("shareWithinPromise").asDouble()).isEqualTo(0.5);
            assertThat(replies.get("unanswered").asInt()).isZero();
            JsonNode first = report.get("firstReplies");
            assertThat(first.get("count").asInt()).isEqualTo(1);
            assertThat(first.get("medianSeconds").asLong()).isEqualTo(1800);
            assertThat(first.get("shareWithinPromise").asDouble()).isEqualTo(1.0);
            JsonNode closings = report.get("closed");
            assertThat(closings.get("byClosingCode").get("self_care").asInt()).isEqualTo(1);
            assertThat(closings.get("byClosingCode").get("referred").asInt()).isEqualTo(1);
            assertThat(closings.get("byClosingCode").get("no_action").asInt()).isZero();
            assertThat(closings.get("withoutCode").asInt()).isZero();

            var csv = csv(server, query, TestServer.API_KEY);
            var rows = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(new StringReader(csv.body()))
                    .getRecords();
            assertThat(rows).hasSize(1);
            for (String column : rows.getFirst().getParser().getHeaderNames()) {
                JsonNode value = report.at("/" + column.replace('.', '/'));
                assertThat(rows.getFirst().get(column)).as(column).isEqualTo(value.isMissingNode() || value.isNull() ? "" : value.asText());
            }
            assertThat(csv.body()).doesNotContain(id, ChatTesting.PATIENT, "Pim");
            assertThat(server.api("GET", query, null, TestServer.OTHER_API_KEY).body().get("messages").get("total").asInt()).isZero();
            patient.close();
            therapist.close();
        }
    }

    // ---- steps

    private static String book(TestServer server, Duration length, boolean interpreter) {
        Instant start = server.now();
        var people = new java.util.ArrayList<Map<String, Object>>(List.of(
                Map.of("ref", "therapist-1", "role", "therapist", "name", "Terapeut Tove"),
                Map.of("ref", "patient-1", "role", "patient", "name", "Patient Pim")));
        if (interpreter) {
            people.add(Map.of("ref", "interpreter-1", "role", "interpreter", "name", "Tolk Ana"));
        }
        var response = server.api("POST", "/api/v1/sessions", Map.of("kind", "video", "title", "Uppföljning",
                "scheduledStart", start.toString(), "scheduledEnd", start.plus(length).toString(), "participants", people));
        assertThat(response.status()).isEqualTo(201);
        return response.body().get("id").asText();
    }

    private static void admit(SamtalConnection host, SamtalConnection guest) throws Exception {
        String id = guest.welcome().you().participantId();
        ok(host.request(r -> new ClientMessage.Admit(r, id)));
        Visits.awaitStage(guest, id, Stage.ADMITTED);
    }

    private static void inCall(SamtalConnection one, SamtalConnection other) throws Exception {
        ok(one.request(ClientMessage.JoinCall::new));
        ok(other.request(ClientMessage.JoinCall::new));
        assertThat(one.awaitEvent(ServerMessage.CallPeer.class, p -> p.peer() != null, Visits.WAIT)).isNotNull();
        assertThat(other.awaitEvent(ServerMessage.CallPeer.class, p -> p.peer() != null, Visits.WAIT)).isNotNull();
    }

    private static JsonNode record(TestServer server, String session) {
        var response = server.api("GET", "/api/v1/sessions/" + session + "/record", null);
        assertThat(response.status()).isEqualTo(200);
        return response.body();
    }

    private String text(TestServer server, String session) throws Exception {
        var response = http.send(HttpRequest.newBuilder(server.baseUri().resolve("/api/v1/sessions/" + session + "/record?format=text"))
                .header("Authorization", "Bearer " + TestServer.API_KEY).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).hasValue("text/plain; charset=utf-8");
        return response.body();
    }

    private record Csv(String body, Map<String, String> headers) {
    }

    private Csv csv(TestServer server, String path, String key) throws Exception {
        var response = http.send(HttpRequest.newBuilder(server.baseUri().resolve(URI.create(path)))
                .header("Authorization", "Bearer " + key).header("Accept", "text/csv").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return new Csv(response.body(), Map.of("content-type", response.headers().firstValue("content-type").orElse("")));
    }

    /** The booked time as the text gives it: without the date if the visit began on the booked day. */
    private static String booked(Instant started, Instant from, Instant to) {
        String span = span(from, to);
        return started.atZone(ZONE).toLocalDate().equals(from.atZone(ZONE).toLocalDate()) ? span.substring(11) : span;
    }

    private static String span(Instant from, Instant to) {
        ZonedDateTime a = from.atZone(ZONE);
        ZonedDateTime b = to.atZone(ZONE);
        return DATE_TIME.format(a) + "–" + (a.toLocalDate().equals(b.toLocalDate()) ? TIME.format(b) : DATE_TIME.format(b));
    }
}
