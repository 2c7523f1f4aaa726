package se.samtal.signalling.feed;

import se.samtal.signalling.call.BridgedOffer;
import se.samtal.signalling.call.CallView;
import se.samtal.protocol.IceCandidate;
import se.samtal.protocol.MediaState;
import se.samtal.protocol.PresenceState;
import se.samtal.protocol.Role;
import se.samtal.protocol.SessionDescription;
import se.samtal.protocol.Stage;
import se.samtal.protocol.recording.ConsentText;
import se.samtal.recording.session.PartyConsent;
import se.samtal.recording.session.RecordingView;
import se.samtal.signalling.visit.Booking;
import se.samtal.signalling.visit.Principal;

import java.time.Instant;
import java.util.List;

/**
 * What a live session tells the people in it, as facts; the server turns each into one frame of
 * the wire protocol. Facts on the session's stream are numbered ({@link Numbered}) and kept for
 * clients that resume; the others are for one participant's connection. Plain values: a fact may
 * travel to other nodes (cluster mode) and be turned into a frame there.
 */
public sealed interface SessionFact {

    /** A fact on the session's stream: everyone who may see it gets it, in {@code seq} order. */
    sealed interface Numbered extends SessionFact {
        long seq();
    }

    /** Someone's presence, stage, media or consent changed: how they are now. */
    record ParticipantChanged(long seq, Participant participant) implements Numbered {
    }

    /** The recording state everyone sees changed. */
    record RecordingChanged(long seq, RecordingView recording) implements Numbered {
    }

    /** The scheduled end is near; {@code hardStopAt} is null if the session does not stop by itself. */
    record EndNear(long seq, Instant scheduledEnd, Instant hardStopAt) implements Numbered {
    }

    /** The session is over for everyone ({@code ended_by_host}, {@code cancelled}, {@code scheduled_end}, …). */
    record Ended(long seq, String reason) implements Numbered {
    }

    /** The participant is to connect with {@code peerId} (null: with nobody), on the connection numbered {@code epoch}. */
    record PeerChanged(String peerId, boolean polite, long epoch) implements SessionFact {
    }

    /** The call as the participant sees it changed (how media flows, who is in it, their connections). */
    record CallChanged(CallView view) implements SessionFact {
    }

    /** An offer for the participant's connection to the bridge, written as SDP by the server. */
    record BridgeOffered(BridgedOffer offer) implements SessionFact {
    }

    /** Signalling from {@code from}, relayed. */
    record Signalled(String from, long epoch, SessionDescription description, IceCandidate candidate) implements SessionFact {
    }

    /** The participant is asked about being recorded: about themselves, or as a guardian about {@code subject}. */
    record ConsentAsked(String subject, boolean asGuardian, ConsentText text) implements SessionFact {
    }

    /**
     * The participant is in: the answer to their {@code hello}, with everything they start from.
     *
     * @param requestId  the hello's request id
     * @param principal  who they are (their resume token is made for them)
     * @param streamId   the stream {@code seq} counts in
     * @param visible    everyone they can see, in order of arrival, themselves included
     * @param seq        the stream's last {@code seq}: events after it follow
     * @param recovered  on a resume with a last seen {@code seq}: whether every missed event follows; else null
     * @param recording  the recording as it stands, or null if the session cannot be recorded
     */
    record Welcomed(String requestId, String connectionId, Principal principal, Booking booking, String streamId,
                    Participant you, List<Participant> visible, long seq, Boolean recovered, RecordingNow recording)
            implements SessionFact {
        public Welcomed {
            visible = List.copyOf(visible);
        }
    }

    /**
     * A participant as the others see them.
     *
     * @param waitingSince while waiting: since when
     * @param consent      their answers about being recorded, or null where the session cannot be recorded
     */
    record Participant(String id, Role role, String name, PresenceState presence, Stage stage, MediaState media,
                       Instant waitingSince, PartyConsent consent) {
    }

    /** The recording as a newcomer is shown it: its state, whether they may ask for one, the consent text. */
    record RecordingNow(RecordingView view, boolean mayRequest, ConsentText consentText) {
    }
}
