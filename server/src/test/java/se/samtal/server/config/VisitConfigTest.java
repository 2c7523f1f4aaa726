package se.samtal.server.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.samtal.protocol.Role;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** The waiting-room policy and ICE servers of a tenant: defaults, and every bad value named by its key. */
class VisitConfigTest {
    @TempDir
    Path dir;

    private SamtalConfig load(String extra) throws Exception {
        return new OneTenantYaml(dir).load(extra);
    }

    private java.util.List<String> problems(String extra) {
        return new OneTenantYaml(dir).problems(extra);
    }

    @Test
    void defaultsLetPatientsAndGuestsWaitWithAWarningAndNoHardStop() throws Exception {
        var tenant = load("").tenants().get(0);
        var policy = tenant.policy().roomPolicy();
        assertThat(policy.waitingRoles()).containsExactlyInAnyOrder(Role.PATIENT, Role.GUEST);
        assertThat(policy.coHostsMayAdmit()).isTrue();
        assertThat(policy.endWarning()).isEqualTo(Duration.ofMinutes(5));
        assertThat(policy.hardStopAfter()).isNull();
        assertThat(tenant.ice().toIceConfig().turnUrls()).isEmpty();
    }

    @Test
    void aFullVisitConfigurationIsRead() throws Exception {
        var tenant = load("""
                policy:
                  waitingRoom: [patient, relative, guest]
                  coTherapistsMayAdmit: false
                  endWarning: 2m
                  hardStopAfter: 10m
                ice:
                  stunUrls: ["stun:stun.region-x.example:3478"]
                  turnUrls: ["turn:turn.region-x.example:3478?transport=udp", "turns:turn.region-x.example:5349?transport=tcp"]
                  turnSecret: "a-turn-shared-secret-that-is-long-enough"
                  credentialTtl: 1h
                """).tenants().get(0);
        assertThat(tenant.policy().roomPolicy().waitingRoles()).containsExactlyInAnyOrder(Role.PATIENT, Role.RELATIVE, Role.GUEST);
        assertThat(tenant.policy().roomPolicy().hardStopAfter()).isEqualTo(Duration.ofMinutes(10));
        assertThat(tenant.ice().toIceConfig().credentialTtl()).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void badPolicyValuesAreNamedByTheirKey() {
        assertThat(problems("""
                policy:
                  waitingRoom: [patient, therapist, wizard]
                  endWarning: 2h
                  hardStopAfter: 13h
                """)).containsExactlyInAnyOrder(
                "tenants[0].policy.waitingRoom[1]: therapists (hosts) never wait",
                "tenants[0].policy.waitingRoom[2]: must be a role: patient, guardian, relative, interpreter, guest, observer or bot",
                "tenants[0].policy.endWarning: must be between 0s and 1h",
                "tenants[0].policy.hardStopAfter: must be between 0s and 12h");
    }

    @Test
    void badIceServersAreNamedByTheirKeyWithoutEchoingTheSecret() {
        var problems = problems("""
                ice:
                  stunUrls: ["https://stun.example"]
                  turnUrls: ["turn:turn.example:3478?transport=sctp"]
                  turnSecret: "short-secret"
                  credentialTtl: 30s
                """);
        assertThat(problems).containsExactlyInAnyOrder(
                "tenants[0].ice.stunUrls[0]: must be a STUN URL such as stun:stun.region-x.example:3478",
                "tenants[0].ice.turnUrls[0]: must be a TURN URL such as turn:turn.region-x.example:3478?transport=udp",
                "tenants[0].ice.turnSecret: is required with turnUrls and must be at least 32 bytes",
                "tenants[0].ice.credentialTtl: must be between 5m and 24h");
        assertThat(String.join("\n", problems)).doesNotContain("short-secret");
        assertThat(problems("""
                ice:
                  turnUrls: ["turn:turn.example:3478"]
                """)).containsExactly("tenants[0].ice.turnSecret: is required with turnUrls and must be at least 32 bytes");
    }
}
