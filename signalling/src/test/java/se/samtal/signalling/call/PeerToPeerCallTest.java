package se.samtal.signalling.call;

import org.junit.jupiter.api.Test;
import se.samtal.protocol.ErrorCode;
import se.samtal.protocol.IceCandidate;
import se.samtal.protocol.SamtalException;
import se.samtal.protocol.SessionDescription;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The call on its own, as a room drives it: participant ids in, pairings and relayed signals out. */
class PeerToPeerCallTest {
    private static final SessionDescription OFFER = new SessionDescription("offer", "v=0\r\n");
    private static final IceCandidate CANDIDATE = new IceCandidate("candidate:1 1 udp 1 192.0.2.1 9 typ host", "0", 0, null);

    private final List<String> told = new ArrayList<>();
    private final Set<String> away = new HashSet<>();
    private final CallEvents events = new CallEvents() {
        @Override
        public void peerChanged(String to, String peer, boolean polite, long epoch) {
            told.add(to + "->" + peer + (polite ? " polite " : " impolite ") + epoch);
        }

        @Override
        public void signalled(String to, String from, long epoch, SessionDescription description, IceCandidate candidate) {
            told.add(from + "=>" + to + " " + epoch + (description != null ? " " + description.type() : " candidate"));
        }
    };
    private final Call call = PeerToPeerCall.FACTORY.open(events, id -> !away.contains(id), null);

    private static ErrorCode codeOf(Runnable action) {
        return catchThrowableOfType(SamtalException.class, action::run).code();
    }

    @Test
    void theFirstInIsPoliteAndBothLearnTheirPeerOnOneEpoch() {
        assertThat(call.enter("a")).as("alone").isFalse();
        assertThat(call.enter("b")).isTrue();

        assertThat(told).containsExactly("a->b polite 1", "b->a impolite 1");
        assertThat(call.pairingsOf("b")).containsExactly(new Pairing("a", false, 1));
        call.relay("b", "a", 1L, OFFER, null);
        assertThat(told).last().isEqualTo("b=>a 1 offer");
    }

    @Test
    void aThirdFindsTheCallFullAndNothingChanges() {
        call.enter("a");
        call.enter("b");
        var before = call.snapshot();

        assertThat(codeOf(() -> call.checkRoomFor("c"))).isEqualTo(ErrorCode.CALL_FULL);
        assertThat(codeOf(() -> call.enter("c"))).isEqualTo(ErrorCode.CALL_FULL);
        assertThat(call.snapshot()).isEqualTo(before);
        call.checkRoomFor("a"); // those in it may always enter again
    }

    @Test
    void whoIsLeftBehindIsToldAndTheNextPairHasANewEpoch() {
        call.enter("a");
        call.enter("b");
        call.leave("a");
        call.enter("c");

        assertThat(told).containsSubsequence("b->null impolite 2", "b->c polite 3", "c->b impolite 3");
        assertThat(codeOf(() -> call.relay("c", "b", 1L, OFFER, null))).isEqualTo(ErrorCode.CONFLICT);
        away.add("b");
        assertThat(codeOf(() -> call.relay("c", "b", 3L, OFFER, null))).isEqualTo(ErrorCode.UNAVAILABLE);
        assertThat(codeOf(() -> call.relay("a", "b", 3L, OFFER, null))).isEqualTo(ErrorCode.NOT_IN_CALL);
    }

    @Test
    void aRestoredCallGoesOnAsTheOriginal() {
        call.enter("a");
        call.enter("b");
        for (int i = 0; i < SignalRules.MAX_CANDIDATES_PER_DESCRIPTION; i++) {
            call.relay("a", "b", 1L, null, CANDIDATE);
        }
        Call restored = PeerToPeerCall.FACTORY.open(events, id -> true, call.snapshot());

        assertThat(restored.snapshot()).isEqualTo(call.snapshot());
        assertThat(codeOf(() -> restored.relay("a", "b", 1L, null, CANDIDATE))).isEqualTo(ErrorCode.TOO_MANY_CANDIDATES);
        assertThat(restored.pairingsOf("a")).isEqualTo(call.pairingsOf("a"));
    }
}
