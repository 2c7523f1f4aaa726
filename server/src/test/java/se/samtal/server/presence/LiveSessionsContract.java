package se.samtal.server.presence;

import org.junit.jupiter.api.Test;
import se.samtal.protocol.CloseCodes;
import se.samtal.protocol.ErrorCode;
import se.samtal.protocol.PresenceState;
import se.samtal.protocol.Role;
import se.samtal.protocol.SamtalException;
import se.samtal.protocol.ServerMessage;
import se.samtal.protocol.SessionKind;
import se.samtal.protocol.SessionStatus;
import se.samtal.protocol.Stage;
import se.samtal.protocol.WireCodec;
import se.samtal.server.recording.NoRecorder;
import se.samtal.server.auth.InMemoryReplayCache;
import se.samtal.server.auth.JoinGrant;
import se.samtal.server.auth.Principal;
import se.samtal.server.auth.TokenMinter;
import se.samtal.server.booking.Booking;
import se.samtal.server.booking.BookingStore;
import se.samtal.server.booking.ExpectedParticipant;
import se.samtal.server.config.ConfigLoader;
import se.samtal.server.config.SamtalConfig;
import se.samtal.server.id.OpaqueIds;
import se.samtal.server.tenant.Tenants;
import se.samtal.server.testing.TestServer;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
 * refused change leaving no trace, a resume replaying what was missed, the reconnect grace
 * running out once, and an ended session refusing late joins. The embedded space runs it with one
 * node; the Redis space with two nodes sharing Redis, each connection on the node it joined.
 */
public abstract class LiveSessionsContract {
    protected static final Duration GRACE = Duration.ofMillis(400);
    protected static final Clock CLOCK = Clock.systemUTC();
    protected static final SamtalConfig CONFIG = new ConfigLoader().bind(TestServer.baseConfig(Path.of("unused")), Map.of());
    protected static final Tenants TENANTS = new Tenants(CONFIG.tenants());
    protected static final String TENANT = TestServer.TENANT;

    protected final List<String> left = new CopyOnWriteArrayList<>();
    protected final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();

    /** A fresh, empty store for bookings, shared by every node of the test. */
    protected abstract BookingStore bookings();

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
            var built = new ArrayList<LiveSessions>();
            var spaces = spaces();
            for (int i = 0; i < spaces.size(); i++) {
                built.add(new LiveSessions("n" + i, spaces.get(i), new WireCodec(), new TokenMinter(CONFIG.tokens(), CLOCK), GRACE, 20,
                        observer, TENANTS, bookings(), new InMemoryReplayCache(CLOCK), Executors.newVirtualThreadPerTaskExecutor(),
                        CLOCK, Duration.ofSeconds(30), new NoRecorder()));
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
        var booking = new Booking(TENANT, OpaqueIds.next("s_"), SessionKind.VIDEO, "Uppföljning", SessionStatus.SCHEDULED, now,
                now.plus(Duration.ofHours(1)), null, List.of(new ExpectedParticipant("t-1", Role.THERAPIST, "Tove")), now, null, null);
        assertThat(bookings().insertWithin(booking, 1000, now)).isTrue();
        return booking;
    }

    private static JoinGrant grant(Booking booking, String ref, Role role, JoinGrant.Resume resume) {
        return new JoinGrant(new Principal(TENANT, ref, role, "Namn " + ref), booking.id(), null, false,
                CLOCK.instant().plusSeconds(600), resume);
    }

    /** The {@code n}-th connection of the test joins as {@code ref}. */
    protected Connected join(int n, Booking booking, String ref, Role role) {
        var link = new RecordingLink("c_" + n + "_" + ref);
        var joined = node(n).join(grant(booking, ref, role, null), link, "r1", null, (session, id) -> { });
        return new Connected(joined.session(), joined.participantId(), link);
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
        therapist.session().act(therapist.link(), therapist.participantId(), room -> room.admit(therapist.participantId(),
                first.participantId()));
        await().until(() -> therapist.link().seqs().size() == 3 && !first.link().seqs().isEmpty() && !second.link().seqs().isEmpty());
        assertThat(therapist.link().seqs()).containsExactly(2L, 3L, 4L);
        assertThat(first.link().seqs()).as("a patient is not told who else waits").containsExactly(4L);
        assertThat(second.link().seqs()).as("but sees who was let in").containsExactly(4L);
        assertThat(first.link().received(ServerMessage.Presence.class).getLast().participant().stage()).isEqualTo(Stage.ADMITTED);
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
                    c.session().act(c.link(), c.participantId(), room -> room.setMedia(c.participantId(), on, null, null));
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

        var refused = catchThrowableOfType(SamtalException.class, () -> patient.session().act(patient.link(),
                patient.participantId(), room -> room.admit(patient.participantId(), therapist.participantId())));
        assertThat(refused.code()).isEqualTo(ErrorCode.FORBIDDEN);
        var stale = catchThrowableOfType(SamtalException.class, () -> patient.session().act(new RecordingLink("c_old"),
                patient.participantId(), room -> room.setPresence(patient.participantId(), PresenceState.AWAY)));
        assertThat(stale.code()).as("a connection that does not hold the place").isEqualTo(ErrorCode.CONFLICT);

        patient.session().act(patient.link(), patient.participantId(), room -> room.setPresence(patient.participantId(),
                PresenceState.AWAY));
        await().until(() -> therapist.link().seqs().size() == 2);
        assertThat(therapist.link().seqs()).containsExactly(2L, 3L);
    }

    @Test
    void aResumeOnAnotherConnectionKeepsThePlaceAndReplaysWhatWasMissed() {
        Booking booking = book();
        var therapist = join(0, booking, "t-1", Role.THERAPIST);
        var patient = join(1, booking, "p-1", Role.PATIENT);
        therapist.session().act(therapist.link(), therapist.participantId(), room -> room.admit(therapist.participantId(),
                patient.participantId()));
        await().until(() -> patient.link().seqs().size() == 1);
        long seen = patient.link().seqs().getLast();
        patient.session().linkLost(patient.link(), patient.participantId());
        therapist.session().act(therapist.link(), therapist.participantId(), room -> room.setMedia(therapist.participantId(),
                false, null, null));

        var back = new RecordingLink("c_back");
        var resume = new JoinGrant.Resume(patient.participantId(), patient.session().streamId());
        var joined = node(2).join(grant(booking, "p-1", Role.PATIENT, resume), back, "r2", seen, (s, id) -> { });

        assertThat(joined.participantId()).isEqualTo(patient.participantId());
        assertThat(back.welcome().recovered()).isTrue();
        assertThat(back.welcome().you().stage()).isEqualTo(Stage.ADMITTED);
        var replayed = back.received(ServerMessage.Presence.class);
        assertThat(replayed).extracting(p -> p.participant().participantId())
                .containsExactly(patient.participantId(), therapist.participantId());
        assertThat(replayed.getFirst().participant().presence()).isEqualTo(PresenceState.RECONNECTING);
        assertThat(replayed.getLast().participant().media().microphone()).isFalse();
        await().until(() -> therapist.link().received(ServerMessage.Presence.class).getLast().participant().presence()
                == PresenceState.JOINED);
    }

    @Test
    void theGraceRunsOutOnceForSomeoneWhoDoesNotComeBack() {
        Booking booking = book();
        var therapist = join(0, booking, "t-1", Role.THERAPIST);
        var patient = join(1, booking, "p-1", Role.PATIENT);
        patient.session().linkLost(patient.link(), patient.participantId());

        await().atMost(Duration.ofSeconds(10)).until(() -> left.contains(patient.participantId() + ":disconnected"));
        assertThat(therapist.link().received(ServerMessage.Presence.class)).extracting(p -> p.participant().presence())
                .containsExactly(PresenceState.JOINED, PresenceState.RECONNECTING, PresenceState.DISCONNECTED);
        assertThat(left).containsExactly(patient.participantId() + ":disconnected");
    }

    @Test
    void anEndedSessionClosesItsConnectionsAndRefusesLateJoins() {
        Booking booking = book();
        var therapist = join(0, booking, "t-1", Role.THERAPIST);
        var patient = join(1, booking, "p-1", Role.PATIENT);
        Booking ended = bookings().transition(TENANT, booking.id(), java.util.Set.of(SessionStatus.OPEN, SessionStatus.SCHEDULED),
                SessionStatus.ENDED, CLOCK.instant(), "ended_by_host").orElseThrow();

        node(0).ended(ended, "ended_by_host");

        await().until(() -> therapist.link().closedWith() != null && patient.link().closedWith() != null);
        assertThat(therapist.link().closedWith()).isEqualTo(CloseCodes.SESSION_ENDED);
        assertThat(patient.link().received(ServerMessage.SessionEnded.class)).hasSize(1);
        var late = catchThrowableOfType(SamtalException.class, () -> node(1).join(grant(booking, "r-1", Role.RELATIVE, null),
                new RecordingLink("c_late"), "r3", null, (s, id) -> { }));
        assertThat(late.code()).isEqualTo(ErrorCode.SESSION_ENDED);
        assertThat(node(1).find(TENANT, booking.id())).isEmpty();
    }
}
