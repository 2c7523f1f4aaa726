package se.samtal.signalling.live;

import org.junit.jupiter.api.Test;
import se.samtal.protocol.CloseCodes;
import se.samtal.protocol.ErrorCode;
import se.samtal.protocol.PresenceState;
import se.samtal.protocol.Role;
import se.samtal.protocol.SamtalException;
import se.samtal.protocol.SessionDescription;
import se.samtal.protocol.SessionKind;
import se.samtal.protocol.SessionStatus;
import se.samtal.protocol.Stage;
import se.samtal.recording.policy.RecordingPolicy;
import se.samtal.recording.recorder.Recorder;
import se.samtal.recording.recorder.RecorderReports;
import se.samtal.recording.recorder.RecordingTarget;
import se.samtal.recording.consent.ConsentRecord;
import se.samtal.signalling.feed.SessionFact;
import se.samtal.signalling.ice.IceConfig;
import se.samtal.signalling.ice.TurnCredentials;
import se.samtal.signalling.room.RoomPolicy;
import se.samtal.signalling.visit.Booking;
import se.samtal.signalling.visit.ExpectedParticipant;
import se.samtal.signalling.visit.Principal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

/**
 * What live sessions must do whatever {@link SessionSpace} keeps them: one gapless order of
 * events that everyone connected receives, the welcome covering the joiner's own arrival, a
 * refused change leaving no trace, a resume replaying what was missed, a signal reaching the peer
 * only, the reconnect grace running out once, and an ended session refusing late joins. The
 * embedded space runs it with one node; the Redis space with several nodes sharing Redis, each
 * connection on the node it joined.
 */
public abstract class LiveSessionsContract {
    protected static final Duration GRACE = Duration.ofMillis(400);
    protected static final Clock CLOCK = Clock.systemUTC();
    protected static final String TENANT = "region-a";
    /** The tenant's rules: patients and guests wait, no STUN or TURN, no recording. */
    protected static final TenantRules RULES = new TenantRules() {
        private final TurnCredentials turn = new TurnCredentials(IceConfig.NONE, CLOCK);

        @Override
        public RoomPolicy roomPolicy(String tenantId) {
            return RoomPolicy.DEFAULT;
        }

        @Override
        public TurnCredentials turn(String tenantId) {
            return turn;
        }

        @Override
        public RecordingSetup recording(String tenantId) {
            return new RecordingSetup(RecordingPolicy.DISABLED, null, NO_RECORDER);
        }
    };
    private static final Recorder NO_RECORDER = new Recorder() {
        @Override
        public void start(RecordingTarget target, RecorderReports reports) {
            throw new IllegalStateException("no recorder in these tests");
        }

        @Override
        public void pause(String recordingId) {
        }

        @Override
        public void resume(String recordingId, List<ConsentRecord> consents) {
        }

        @Override
        public void stop(String recordingId) {
        }
    };

    protected final List<String> left = new CopyOnWriteArrayList<>();
    protected final List<Booking> statuses = new CopyOnWriteArrayList<>();
    protected final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();

    /** The spaces of the nodes of the test (one embedded), sharing what they keep; node {@code i} is {@code "n" + i}. */
    protected abstract List<SessionSpace> spaces();

    private List<LiveSessions> nodes;

    protected List<LiveSessions> nodes() {
        if (nodes == null) {
            var observer = new SessionObserver() {
                @Override
                public void participantLeft(Booking booking, Principal principal, String participantId, String reason) {
                    left.add(participantId + ":" + reason);
                }
            };
            var ledger = new BookingLedger() {
                @Override
                public void statusChanged(Booking booking) {
                    statuses.add(booking);
                }

                @Override
                public Optional<Booking> endAtHardStop(String tenantId, String sessionId, Instant at) {
                    return Optional.empty();
                }
            };
            var built = new ArrayList<LiveSessions>();
            var spaces = spaces();
            for (int i = 0; i < spaces.size(); i++) {
                built.add(new LiveSessions("n" + i, spaces.get(i), RULES, ledger, observer,
                        prefix -> prefix + UUID.randomUUID().toString().replace("-", ""), GRACE,
                        Executors.newVirtualThreadPerTaskExecutor(), CLOCK));
            }
            nodes = built;
        }
        return nodes;
    }

    /** The node the {@code n}-th connection of a test joins through (alternating when there are several). */
    private LiveSessions node(int n) {
        return nodes().get(n % nodes().size());
    }

    protected Booking book() {
        Instant now = CLOCK.instant().truncatedTo(ChronoUnit.MILLIS);
        return new Booking(TENANT, "s_" + UUID.randomUUID(), SessionKind.VIDEO, "Uppföljning", SessionStatus.SCHEDULED, now,
                now.plus(Duration.ofHours(1)), null, List.of(new ExpectedParticipant("t-1", Role.THERAPIST, "Tove")), now, null, null);
    }

    private static Principal person(String ref, Role role) {
        return new Principal(TENANT, ref, role, "Namn " + ref);
    }

    /** The {@code n}-th connection of the test joins as {@code ref}. */
    protected Connected join(int n, Booking booking, String ref, Role role) {
        var link = new RecordingLink("c_" + n + "_" + ref);
        var session = node(n).join(booking, person(ref, role), link, "r1", null, null, bound -> { });
        return new Connected(session, session.participantId(), link);
    }

    protected record Connected(LiveSession session, String participantId, RecordingLink link) {
    }

    @Test
    void everyoneConnectedGetsOneGaplessOrderAndTheWelcomeCoversTheirOwnArrival() {
        Booking booking = book();
        var therapist = join(0, booking, "t-1", Role.THERAPIST);
        var first = join(1, booking, "p-1", Role.PATIENT);
        var second = join(2, booking, "p-2", Role.PATIENT);

        await().until(() -> therapist.link().seqs().size() == 2);
        assertThat(therapist.link().seqs()).containsExactly(first.link().welcome().seq(), second.link().welcome().seq());
        therapist.session().admit(first.participantId());
        await().until(() -> therapist.link().seqs().size() == 3 && !first.link().seqs().isEmpty() && !second.link().seqs().isEmpty());
        assertThat(therapist.link().seqs()).containsExactly(2L, 3L, 4L);
        assertThat(first.link().seqs()).as("a patient is not told who else waits").containsExactly(4L);
        assertThat(second.link().seqs()).as("but sees who was let in").containsExactly(4L);
        assertThat(first.link().received(SessionFact.ParticipantChanged.class).getLast().participant().stage())
                .isEqualTo(Stage.ADMITTED);
        await().until(() -> statuses.stream().anyMatch(b -> b.id().equals(booking.id()) && b.status() == SessionStatus.OPEN));
    }

    @Test
    void changesFromManyAtOnceGetOneGaplessOrderThatEveryoneSees() {
        Booking booking = book();
        var therapist = join(0, booking, "t-1", Role.THERAPIST);
        var others = new ArrayList<Connected>();
        for (int i = 1; i <= 4; i++) {
            others.add(join(i, booking, "i-" + i, Role.INTERPRETER)); // let in by themselves: a host is here
        }
        long start = others.getLast().link().welcome().seq();
        var changes = new ArrayList<CompletableFuture<Void>>();
        for (Connected c : others) {
            changes.add(CompletableFuture.runAsync(() -> {
                for (int round = 0; round < 5; round++) {
                    boolean on = round % 2 == 1;
                    c.session().setMedia(on, null, null);
                }
            }));
        }
        changes.forEach(CompletableFuture::join);
        long end = start + 20;
        var expected = LongStream.rangeClosed(start + 1, end).boxed().toList();
        for (Connected c : others) {
            await().until(() -> !c.link().seqs().isEmpty() && c.link().seqs().getLast() == end);
            assertThat(c.link().seqs().stream().filter(s -> s > start).toList()).containsExactlyElementsOf(expected);
        }
        await().until(() -> therapist.link().seqs().getLast() == end);
        assertThat(therapist.link().seqs()).doesNotHaveDuplicates().isSorted();
    }

    @Test
    void aRefusedChangeLeavesNoTrace() {
        Booking booking = book();
        var therapist = join(0, booking, "t-1", Role.THERAPIST);
        var patient = join(1, booking, "p-1", Role.PATIENT);
        await().until(() -> therapist.link().seqs().size() == 1);

        var refused = catchThrowableOfType(SamtalException.class, () -> patient.session().admit(therapist.participantId()));
        assertThat(refused.code()).isEqualTo(ErrorCode.FORBIDDEN);
        var again = join(2, booking, "p-1", Role.PATIENT); // another connection takes the place over
        await().until(() -> patient.link().closedWith() != null);
        assertThat(patient.link().closedWith()).isEqualTo(CloseCodes.REPLACED);
        var stale = catchThrowableOfType(SamtalException.class, () -> patient.session().setPresence(PresenceState.AWAY));
        assertThat(stale.code()).as("a connection that no longer holds the place").isEqualTo(ErrorCode.CONFLICT);

        again.session().setPresence(PresenceState.AWAY);
        await().until(() -> therapist.link().seqs().size() == 2);
        assertThat(therapist.link().seqs()).containsExactly(2L, 3L);
    }

    @Test
    void aResumeOnAnotherConnectionKeepsThePlaceAndReplaysWhatWasMissed() {
        Booking booking = book();
        var therapist = join(0, booking, "t-1", Role.THERAPIST);
        var patient = join(1, booking, "p-1", Role.PATIENT);
        therapist.session().admit(patient.participantId());
        await().until(() -> patient.link().seqs().size() == 1);
        long seen = patient.link().seqs().getLast();
        patient.session().linkLost();
        therapist.session().setMedia(false, null, null);

        var back = new RecordingLink("c_back");
        var resume = new Resume(patient.participantId(), patient.session().streamId());
        var resumed = node(2).join(booking, person("p-1", Role.PATIENT), back, "r2", resume, seen, bound -> { });

        assertThat(resumed.participantId()).isEqualTo(patient.participantId());
        assertThat(back.welcome().recovered()).isTrue();
        assertThat(back.welcome().you().stage()).isEqualTo(Stage.ADMITTED);
        assertThat(back.welcome().requestId()).isEqualTo("r2");
        var replayed = back.received(SessionFact.ParticipantChanged.class);
        assertThat(replayed).extracting(p -> p.participant().id()).containsExactly(patient.participantId(), therapist.participantId());
        assertThat(replayed.getFirst().participant().presence()).isEqualTo(PresenceState.RECONNECTING);
        assertThat(replayed.getLast().participant().media().microphone()).isFalse();
        await().until(() -> therapist.link().received(SessionFact.ParticipantChanged.class).getLast().participant().presence()
                == PresenceState.JOINED);
    }

    @Test
    void anOfferReachesThePeerOnlyOnTheirConnectionWithTheEpoch() {
        Booking booking = book();
        var therapist = join(0, booking, "t-1", Role.THERAPIST);
        var interpreter = join(1, booking, "i-1", Role.INTERPRETER);
        var watcher = join(2, booking, "i-2", Role.INTERPRETER);
        therapist.session().joinCall();
        interpreter.session().joinCall();
        await().until(() -> !therapist.link().received(SessionFact.PeerChanged.class).isEmpty());
        var peer = therapist.link().received(SessionFact.PeerChanged.class).getLast();
        assertThat(peer.peerId()).isEqualTo(interpreter.participantId());
        assertThat(peer.polite()).as("first in the call").isTrue();

        var offer = new SessionDescription("offer", "v=0\r\n");
        interpreter.session().signal(therapist.participantId(), peer.epoch(), offer, null);

        await().until(() -> !therapist.link().received(SessionFact.Signalled.class).isEmpty());
        assertThat(therapist.link().received(SessionFact.Signalled.class))
                .containsExactly(new SessionFact.Signalled(interpreter.participantId(), peer.epoch(), offer, null));
        assertThat(watcher.link().received(SessionFact.Signalled.class)).isEmpty();
        assertThat(interpreter.link().received(SessionFact.Signalled.class)).isEmpty();
        var stale = catchThrowableOfType(SamtalException.class,
                () -> interpreter.session().signal(therapist.participantId(), peer.epoch() - 1, offer, null));
        assertThat(stale.code()).isEqualTo(ErrorCode.CONFLICT);
    }

    @Test
    void theGraceRunsOutOnceForSomeoneWhoDoesNotComeBack() {
        Booking booking = book();
        var therapist = join(0, booking, "t-1", Role.THERAPIST);
        var patient = join(1, booking, "p-1", Role.PATIENT);
        patient.session().linkLost();

        await().atMost(Duration.ofSeconds(10)).until(() -> left.contains(patient.participantId() + ":disconnected"));
        assertThat(therapist.link().received(SessionFact.ParticipantChanged.class)).extracting(p -> p.participant().presence())
                .containsExactly(PresenceState.JOINED, PresenceState.RECONNECTING, PresenceState.DISCONNECTED);
        assertThat(left).containsExactly(patient.participantId() + ":disconnected");
    }

    @Test
    void anEndedSessionClosesItsConnectionsAndRefusesLateJoins() {
        Booking booking = book();
        var therapist = join(0, booking, "t-1", Role.THERAPIST);
        var patient = join(1, booking, "p-1", Role.PATIENT);
        Booking ended = booking.withStatus(SessionStatus.ENDED, CLOCK.instant(), "ended_by_host");

        node(0).ended(ended, "ended_by_host");

        await().until(() -> therapist.link().closedWith() != null && patient.link().closedWith() != null);
        assertThat(therapist.link().closedWith()).isEqualTo(CloseCodes.SESSION_ENDED);
        assertThat(patient.link().received(SessionFact.Ended.class)).singleElement()
                .satisfies(e -> assertThat(e.reason()).isEqualTo("ended_by_host"));
        var late = catchThrowableOfType(SamtalException.class, () -> node(1).join(booking, person("r-1", Role.RELATIVE),
                new RecordingLink("c_late"), "r3", null, null, bound -> { }));
        assertThat(late.code()).isEqualTo(ErrorCode.SESSION_ENDED);
        assertThat(node(1).presence(TENANT, booking.id())).isEmpty();
    }
}
