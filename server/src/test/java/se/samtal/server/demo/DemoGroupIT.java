package se.samtal.server.demo;

import org.junit.jupiter.api.Test;
import se.samtal.protocol.Role;
import se.samtal.server.testing.TestServer;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The demo's group call: one session, a link for each of four people, names that do not repeat the role. */
class DemoGroupIT {
    @Test
    void theGroupDemoBooksOneSessionWithALinkForTherapistPatientInterpreterAndRelative() {
        try (var demo = TestServer.start(config -> {
            config.put("demo", true);
            TestServer.tenant(config).put("id", "demo");
        })) {
            var created = demo.api("POST", "/demo/group", null, null);
            assertThat(created.status()).isEqualTo(201);
            var expected = Map.of("therapistUrl", Role.THERAPIST, "patientUrl", Role.PATIENT,
                    "interpreterUrl", Role.INTERPRETER, "relativeUrl", Role.RELATIVE);
            String session = created.body().get("sessionId").asText();
            expected.forEach((field, role) -> {
                String url = created.body().get(field).asText();
                assertThat(url).as(field).contains("/join#");
                try (var person = demo.join(url.substring(url.indexOf('#') + 1))) {
                    var you = person.welcome().you();
                    assertThat(person.welcome().session().id()).isEqualTo(session);
                    assertThat(you.role()).as(field).isEqualTo(role);
                    assertThat(you.name()).as("a name without the role in it").isNotBlank()
                            .doesNotContainIgnoringCase("tolk").doesNotContainIgnoringCase("patient");
                }
            });
            assertThat(demo.api("GET", "/demo/group", null, null).status()).isEqualTo(405);
        }
    }
}
