package se.samtal.signalling.room;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import se.samtal.protocol.ErrorCode;
import se.samtal.protocol.IceCandidate;
import se.samtal.protocol.Role;
import se.samtal.protocol.SamtalException;
import se.samtal.protocol.SessionDescription;
import se.samtal.protocol.SessionStatus;
import se.samtal.signalling.call.BridgedOffer;
import se.samtal.signalling.call.CallView;
import se.samtal.signalling.call.SignalRules;
import se.samtal.signalling.call.bridge.BridgeCommand;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The SDP and candidate checks through the room's public API ({@link RoomCall#relay}), with a call of
 * two: fuzzed sequences of signals from either side (and from people not in the call). Every
 * signal is relayed, within the limits of {@link SignalRules}, or refused with one of the codes
 * docs/protocol.md lists for {@code signal}; never anything else, and never more than 64
 * candidates relayed after one description.
 */
class SignalRulesFuzzTest {
    private static final Instant START = Instant.parse("2026-11-23T09:00:00Z");
    private static final Set<ErrorCode> SIGNAL_REFUSALS = Set.of(ErrorCode.BAD_REQUEST, ErrorCode.PAYLOAD_TOO_LARGE,
            ErrorCode.NOT_ADMITTED, ErrorCode.NOT_IN_CALL, ErrorCode.CONFLICT, ErrorCode.UNAVAILABLE,
            ErrorCode.TOO_MANY_CANDIDATES, ErrorCode.NOT_FOUND);

    @FuzzTest
    void signalsAreRelayedWithinTheRulesOrRefusedWithTheirCode(FuzzedDataProvider data) {
        var relayed = new Relays();
        var room = new Room(new RoomPolicy(EnumSet.of(Role.PATIENT, Role.GUEST), true, 16, Duration.ofMinutes(5), null),
                SessionStatus.SCHEDULED, START.plus(Duration.ofMinutes(45)), Clock.fixed(START, ZoneOffset.UTC), relayed);
        room.arrive("t", Role.THERAPIST, "Tove");
        room.arrive("p", Role.PATIENT, "Pim");
        room.arrive("g", Role.GUEST, "Gus");
        room.admit("t", "p");
        room.call().join("t");
        room.call().join("p");
        long epoch = room.call().pairingsOf("p").getFirst().epoch();
        String[] people = {"t", "p", "g", "x", ""};
        int steps = data.consumeInt(1, 200);
        for (int i = 0; i < steps && data.remainingBytes() > 0; i++) {
            String from = data.pickValue(people);
            String to = data.consumeBoolean() ? data.pickValue(people) : null;
            Long signalEpoch = data.consumeBoolean() ? Long.valueOf(epoch) : data.consumeBoolean() ? null : data.consumeLong();
            SessionDescription description = null;
            IceCandidate candidate = null;
            int shape = data.consumeInt(0, 3);
            if (shape == 0 || shape == 2) {
                description = new SessionDescription(data.consumeBoolean() ? data.pickValue(new String[]{"offer", "answer"})
                        : text(data, 16), data.consumeBoolean() ? null : text(data, 40_000));
            }
            if (shape == 1 || shape == 2) {
                candidate = new IceCandidate(data.consumeBoolean() ? null : text(data, 1100), data.consumeBoolean() ? null : text(data, 300),
                        data.consumeBoolean() ? null : data.consumeInt(), data.consumeBoolean() ? null : text(data, 300));
            }
            int before = relayed.count;
            try {
                room.call().relay(from, to, signalEpoch, description, candidate);
                assertThat(relayed.count).isEqualTo(before + 1);
                assertThat(relayed.lastDescription == null).isNotEqualTo(relayed.lastCandidate == null);
            } catch (SamtalException e) {
                assertThat(SIGNAL_REFUSALS).contains(e.code());
                assertThat(relayed.count).as("a refused signal relays nothing").isEqualTo(before);
            }
        }
    }

    private static String text(FuzzedDataProvider data, int max) {
        int length = data.consumeInt(0, max);
        String s = data.consumeString(Math.min(length, 256));
        return length > 256 ? s + "a".repeat(length - s.length()) : s;
    }

    /** Checks every relayed signal against the limits as it happens. */
    private static final class Relays implements RoomEvents {
        int count;
        SessionDescription lastDescription;
        IceCandidate lastCandidate;
        int candidatesSinceDescription;

        @Override
        public void signalled(String to, String from, long epoch, SessionDescription description, IceCandidate candidate) {
            count++;
            lastDescription = description;
            lastCandidate = candidate;
            assertThat(to).isNotEqualTo(from);
            if (description != null) {
                assertThat(description.type()).isIn("offer", "answer");
                assertThat(description.sdp()).isNotBlank().hasSizeLessThanOrEqualTo(SignalRules.MAX_SDP_CHARS);
                candidatesSinceDescription = 0;
            } else {
                assertThat(candidate.candidate()).hasSizeLessThanOrEqualTo(SignalRules.MAX_CANDIDATE_CHARS);
                assertThat(candidate.sdpMid() == null || candidate.sdpMid().length() <= SignalRules.MAX_TAG_CHARS).isTrue();
                assertThat(candidate.usernameFragment() == null
                        || candidate.usernameFragment().length() <= SignalRules.MAX_TAG_CHARS).isTrue();
                assertThat(++candidatesSinceDescription).isLessThanOrEqualTo(2 * SignalRules.MAX_CANDIDATES_PER_DESCRIPTION);
            }
        }

        @Override
        public void changed(Member member, boolean hostsAndSelfOnly) {
        }

        @Override
        public void callChanged(String to, CallView view) {
        }

        @Override
        public void bridgeOffered(String to, BridgedOffer offer) {
            throw new AssertionError("a call of two never goes to a bridge");
        }

        @Override
        public void bridgeCommanded(BridgeCommand command) {
            throw new AssertionError("a call of two never commands a bridge");
        }

        @Override
        public void peerChanged(String to, String peer, boolean polite, long epoch) {
        }

        @Override
        public void statusChanged(SessionStatus status) {
        }

        @Override
        public void ending(Instant scheduledEnd, Instant hardStopAt) {
        }

        @Override
        public void admitted(Member member, Duration waited) {
        }

        @Override
        public void denied(Member member) {
        }

        @Override
        public void sentBack(Member member) {
        }
    }
}
