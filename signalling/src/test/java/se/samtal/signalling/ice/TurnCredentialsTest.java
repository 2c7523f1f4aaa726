package se.samtal.signalling.ice;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TurnCredentialsTest {
    private static final String SECRET = "north-region-turn-secret-0123456789abcdef";
    private static final Clock CLOCK = Clock.fixed(Instant.ofEpochSecond(1_700_000_000L), ZoneOffset.UTC);

    @Test
    void usernameIsExpiryColonUserAndThePasswordIsTheHmacCoturnComputes() {
        var config = new IceConfig(List.of("stun:stun.example:3478"), List.of("turn:turn.example:3478?transport=udp"),
                SECRET, Duration.ofHours(1));
        var servers = new TurnCredentials(config, CLOCK).iceServersFor("p_abc");

        assertThat(servers).hasSize(2);
        assertThat(servers.get(0)).isEqualTo(new IceServerEntry(List.of("stun:stun.example:3478"), null, null));
        var turn = servers.get(1);
        assertThat(turn.username()).isEqualTo("1700003600:p_abc");
        // computed independently: printf '1700003600:p_abc' | openssl dgst -sha1 -hmac "$SECRET" -binary | base64
        assertThat(turn.credential()).isEqualTo("bsCGXYfC/ENnIQ5x27PH3tPBhaY=");
    }

    @Test
    void withoutTurnUrlsNoCredentialsAreMinted() {
        var servers = new TurnCredentials(new IceConfig(List.of("stun:stun.example:3478"), List.of(), null, Duration.ofHours(1)), CLOCK)
                .iceServersFor("p_abc");
        assertThat(servers).singleElement().satisfies(s -> assertThat(s.credential()).isNull());
        assertThat(new TurnCredentials(IceConfig.NONE, CLOCK).iceServersFor("p_abc")).isEmpty();
    }

    @Test
    void turnNeedsASecretAndUsersMustBeOpaqueIds() {
        assertThatThrownBy(() -> new IceConfig(List.of(), List.of("turn:turn.example"), null, Duration.ofHours(1)))
                .isInstanceOf(IllegalArgumentException.class);
        var minter = new TurnCredentials(new IceConfig(List.of(), List.of("turn:turn.example"), SECRET, Duration.ofHours(1)), CLOCK);
        assertThatThrownBy(() -> minter.iceServersFor("Patient Pim:19121212-1212")).isInstanceOf(IllegalArgumentException.class);
    }
}
