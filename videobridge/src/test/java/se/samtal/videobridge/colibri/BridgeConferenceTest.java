package se.samtal.videobridge.colibri;

import org.jitsi.xmpp.extensions.colibri2.Capability;
import org.jitsi.xmpp.extensions.colibri2.Colibri2Endpoint;
import org.jitsi.xmpp.extensions.colibri2.ConferenceModifyIQ;
import org.jitsi.xmpp.extensions.colibri2.Transport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import se.samtal.videobridge.BridgeException;
import se.samtal.videobridge.Videobridge;
import se.samtal.signalling.media.DtlsFingerprint;
import se.samtal.signalling.media.Candidate;
import se.samtal.signalling.media.Source;
import se.samtal.videobridge.testing.FakeVideobridge;

import java.net.http.HttpClient;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** A conference driven through the bridge's REST API, against the double that keeps the real bridge's rules. */
class BridgeConferenceTest {
    private final FakeVideobridge bridge = FakeVideobridge.start("jvb-test");
    private final HttpClient http = BridgeClient.newHttpClient();
    private final BridgeClient client = new BridgeClient(new Videobridge("jvb-test", bridge.restUrl(), null, 1), http);

    @AfterEach
    void stop() {
        bridge.close();
        http.close();
    }

    private static se.samtal.signalling.media.Transport browser() {
        return new se.samtal.signalling.media.Transport("brws", "browserpasswordbrowserpw",
                List.of(new DtlsFingerprint("sha-256", "AB:" .repeat(31) + "AB", "active")),
                List.of(Candidate.host("2", 2122260223L, "192.168.1.20", 54321)), null);
    }

    @Test
    void theFirstEndpointCreatesTheConferenceAndGetsTheBridgesTransportAndFeedbackSources() {
        var conference = BridgeConference.fresh(client);
        Allocation first = conference.allocate("p_a", true);

        assertThat(first.transport().fingerprints()).singleElement()
                .satisfies(fp -> assertThat(fp.setup()).isEqualTo("actpass"));
        assertThat(first.transport().candidates()).isNotEmpty()
                .allSatisfy(c -> assertThat(c.address()).isNotEqualTo("127.0.0.1"));
        assertThat(first.transport().bridgeChannel()).isNotNull();
        assertThat(first.transport().bridgeChannel().toString()).contains("/colibri-ws/").contains("p_a")
                .contains("pwd=" + first.transport().pwd());
        assertThat(first.feedback()).extracting(Source::name).containsExactly("jvb-a0", "jvb-v0");
        var kept = bridge.conference(conference.meetingId()).orElseThrow();
        assertThat(kept.name()).isEqualTo(conference.name());
        assertThat(kept.endpoints()).containsOnlyKeys("p_a");
        assertThat(kept.endpoints().get("p_a").mediaDeclared()).isTrue();

        Allocation second = conference.allocate("p_b", false);
        assertThat(second.transport().ufrag()).isNotEqualTo(first.transport().ufrag());
        assertThat(bridge.conference(conference.meetingId()).orElseThrow().endpoints()).containsOnlyKeys("p_a", "p_b");
        assertThat(bridge.refusals()).isEmpty();
    }

    @Test
    void theBrowsersAnswerReachesTheBridgeAsTransportAndSourcesAndLeavingExpires() {
        var conference = BridgeConference.fresh(client);
        conference.allocate("p_a", true);
        conference.allocate("p_b", false);
        var sources = List.of(Source.audio("p_a", 1111), Source.video("p_a", 2222, 3333));

        conference.update("p_a", browser(), sources);

        var kept = bridge.conference(conference.meetingId()).orElseThrow().endpoints().get("p_a");
        assertThat(kept.sources()).containsExactlyElementsOf(sources);
        assertThat(kept.remoteTransport().getUfrag()).isEqualTo("brws");
        assertThat(kept.remoteTransport().getCandidateList()).hasSize(1);

        conference.expire("p_a");
        assertThat(bridge.conference(conference.meetingId()).orElseThrow().endpoints()).containsOnlyKeys("p_b");
        conference.expire("p_b");
        assertThat(bridge.conference(conference.meetingId())).as("the last endpoint gone: the bridge ends the conference").isEmpty();
    }

    @Test
    void whatTheBridgeRefusesIsATypedRefusal() {
        var conference = BridgeConference.fresh(client);
        conference.allocate("p_a", true);

        var again = catchThrowableOfType(BridgeException.class, () -> conference.allocate("p_b", true));
        assertThat(again.kind()).isEqualTo(BridgeException.Kind.REFUSED);
        var twice = catchThrowableOfType(BridgeException.class, () -> conference.allocate("p_a", false));
        assertThat(twice.kind()).isEqualTo(BridgeException.Kind.REFUSED);
        var unknown = catchThrowableOfType(BridgeException.class, () -> conference.update("p_zz", browser(), List.of()));
        assertThat(unknown.kind()).isEqualTo(BridgeException.Kind.REFUSED);
        var gone = catchThrowableOfType(BridgeException.class,
                () -> BridgeConference.fresh(client).allocate("p_a", false));
        assertThat(gone.kind()).isEqualTo(BridgeException.Kind.CONFERENCE_GONE);
        assertThat(bridge.refusals()).hasSize(4).last().asString().startsWith("no conference");
    }

    private static Colibri2Endpoint creating(String id, boolean sourceNames) {
        var endpoint = Colibri2Endpoint.getBuilder();
        endpoint.setId(id);
        endpoint.setCreate(true);
        endpoint.setTransport(Transport.getBuilder().setIceControlling(true).build());
        if (sourceNames) {
            endpoint.addCapability(Capability.CAP_SOURCE_NAME_SUPPORT);
        }
        return endpoint.build();
    }

    private static ConferenceModifyIQ.Builder create(String meetingId, String name) {
        return ConferenceModifyIQ.builder("x").setMeetingId(meetingId).setCreate(true).setConferenceName(name);
    }

    @Test
    void theDoubleRefusesWhatTheRealBridgeRefusesWithItsWords() {
        var twoAtOnce = create("m-1", "m-1@samtal");
        twoAtOnce.addEndpoint(creating("p_a", true));
        twoAtOnce.addEndpoint(creating("p_b", true));
        var refused = catchThrowableOfType(BridgeException.class, () -> client.send(twoAtOnce.build()));
        assertThat(refused.kind()).isEqualTo(BridgeException.Kind.REFUSED);
        assertThat(refused.getMessage()).endsWith("Failed to create conference: Creating or updating media, sources or "
                + "transport for more than one endpoint in a request.");

        var noCapability = create("m-2", "m-2@samtal");
        noCapability.addEndpoint(creating("p_a", false));
        assertThat(catchThrowableOfType(BridgeException.class, () -> client.send(noCapability.build())).getMessage())
                .endsWith("Failed to create conference: Source name support is mandatory.");

        var notAJid = create("m-3", "no-domain");
        assertThat(catchThrowableOfType(BridgeException.class, () -> client.send(notAJid.build())).getMessage())
                .endsWith("Failed to create conference: Invalid conference name (not a JID)");

        assertThat(bridge.conferences()).as("as the real bridge: a create refused for its endpoint leaves the conference")
                .containsOnlyKeys("m-1", "m-2");
        var again = create("m-2", "m-2@samtal");
        again.addEndpoint(creating("p_a", true));
        assertThat(catchThrowableOfType(BridgeException.class, () -> client.send(again.build())).getMessage())
                .endsWith("Conference already exists for ID: m-2");
    }

    @Test
    void aDeadBridgeIsUnreachableAndItsHealthSaysSo() {
        assertThat(client.healthy()).isTrue();
        bridge.stress(0.25);
        assertThat(client.stress()).isEqualTo(0.25);
        bridge.healthy(false);
        assertThat(client.healthy()).isFalse();
        bridge.kill();
        var lost = catchThrowableOfType(BridgeException.class, () -> BridgeConference.fresh(client).allocate("p_a", true));
        assertThat(lost.kind()).isEqualTo(BridgeException.Kind.UNREACHABLE);
        assertThat(lost.bridgeLost()).isTrue();
        assertThat(client.stress()).isEqualTo(1.0);
    }
}
