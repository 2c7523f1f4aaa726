package se.samtal.server.audit;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.RedisClient;
import se.samtal.redis.testing.RedisServer;
import se.samtal.server.testing.TestServer;

import java.net.URI;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static se.samtal.server.audit.AuditStream.action;

/**
 * Proving the trail was not edited, through the API, with the trail in SQLite and in Redis:
 * someone who changes an entry where it is stored is caught by verification, which names the
 * entry; and with Redis gone, answers that must be on record are withheld.
 */
class ChainVerificationIT {

    @Test
    void anEntryEditedInTheSqliteFileIsNamedByVerification() throws SQLException {
        try (var stream = new AuditStream(); var server = TestServer.start()) {
            String session = server.bookSession();
            server.link(session, "patient-1");
            long seq = stream.await(action("link.minted", session)).get("seq").asLong();
            assertThat(verify(server).get("intact").asBoolean()).isTrue();

            try (var c = DriverManager.getConnection("jdbc:sqlite:" + server.dataDir().resolve("chat.db"))) {
                c.createStatement().execute("PRAGMA busy_timeout=5000");
                c.createStatement().execute("DROP TRIGGER audit_entries_append_only");
                var st = c.prepareStatement("UPDATE audit_entries SET entry = replace(entry, 'patient-1', 'patient-9')"
                        + " WHERE tenant_id = ? AND seq = ?");
                st.setString(1, TestServer.TENANT);
                st.setLong(2, seq);
                assertThat(st.executeUpdate()).isEqualTo(1);
            }

            var verification = verify(server);
            assertThat(verification.get("intact").asBoolean()).isFalse();
            assertThat(verification.get("firstBreak").get("seq").asLong()).isEqualTo(seq);
            assertThat(verification.get("firstBreak").get("reason").asText()).isEqualTo("hash_mismatch");
            var patientLog = Trail.patientLog(server, TestServer.API_KEY, Map.of("patientRef", "patient-1", "verify", true));
            assertThat(patientLog.body().get("chain").get("verification").get("firstBreak").get("seq").asLong()).isEqualTo(seq);
        }
    }

    @Test
    void withTheTrailInRedisTamperingIsNamedAndAnswersThatMustBeOnRecordAreWithheldWhenRedisIsGone() {
        try (var stream = new AuditStream(); var redis = RedisServer.start();
             var server = TestServer.start(config -> config.putObject("audit").put("redisUrl", redis.url()))) {
            String session = server.bookSession();
            try (var patient = server.join(server.link(session, "patient-1"))) {
                stream.await(action("session.joined", session));
            }
            var log = Trail.patientLog(server, TestServer.API_KEY, Map.of("patientRef", "patient-1", "verify", true)).body();
            assertThat(log.get("items")).extracting(e -> e.get("action").asText())
                    .containsExactly("session.booked", "link.minted", "session.joined");
            assertThat(log.get("chain").get("verification").get("intact").asBoolean()).isTrue();

            long joined = log.get("items").get(2).get("seq").asLong();
            try (var outsider = RedisClient.create(URI.create(redis.url()))) {
                String key = "samtal:audit:{" + TestServer.TENANT + "}:entries";
                String stored = outsider.hget(key, Long.toString(joined));
                outsider.hset(key, Long.toString(joined), stored.replace("\"therapist-1\"", "\"someone-else\"")
                        .replace("\"patient-1\",\"role\"", "\"patient-2\",\"role\""));
            }
            var verification = verify(server);
            assertThat(verification.get("firstBreak").get("seq").asLong()).isEqualTo(joined);
            assertThat(verification.get("firstBreak").get("reason").asText()).isEqualTo("hash_mismatch");

            redis.close();
            var read = server.api("GET", "/api/v1/sessions/" + session, null);
            assertThat(read.status()).isEqualTo(503);
            assertThat(read.errorCode()).isEqualTo("unavailable");
            assertThat(read.raw().body()).doesNotContain("patient-1");
            assertThat(server.api("POST", "/api/v1/sessions/" + session + "/cancel", null).status())
                    .as("a change is made and answered; its entry waits for the trail, never given up").isEqualTo(200);
            // Failing once the queued write has failed against the missing Redis (its timeout), not at once.
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(15)).untilAsserted(() ->
                    assertThat(server.get("/metrics").raw().body()).contains("samtal_audit_failing 1"));
            assertThat(server.get("/readyz").status()).isEqualTo(503);
        }
    }

    private static JsonNode verify(TestServer server) {
        var response = server.api("GET", "/api/v1/audit/verify", null);
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body().get("head").get("seq").asLong()).isPositive();
        return response.body().get("verification");
    }
}
