package se.samtal.server.testing;

import se.samtal.recording.consent.ConsentRecord;
import se.samtal.recording.recorder.RecorderCommand;
import se.samtal.recording.recorder.RecorderReport;
import se.samtal.recording.recorder.RecorderReports;
import se.samtal.recording.recorder.Recorder;
import se.samtal.recording.recorder.RecordingTarget;
import se.samtal.recording.retention.RecordingArchive;
import se.samtal.recording.retention.StoredRecording;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A recorder that records no media but otherwise behaves as one would: it keeps each recording's
 * state, refuses (and notes) commands that make no sense for that state, reports what it did —
 * at once, or when the test says so — and keeps what it "recorded" in an archive, with its
 * consent evidence, until retention deletes it. Every command it got is kept for the test.
 */
public final class FakeRecorder implements Recorder, RecordingArchive {
    /** A command as the recorder got it. */
    public record Received(RecorderCommand command, String tenantId, String sessionId, String recordingId,
                           List<ConsentRecord> consents) {
    }

    private enum State { STARTED, PAUSED, STOPPED }

    private final Clock clock;
    private final List<Received> received = new ArrayList<>();
    private final List<String> violations = new ArrayList<>();
    private final Map<String, RecordingTarget> targets = new HashMap<>();
    private final Map<String, State> states = new HashMap<>();
    private final Map<String, RecorderReports> reportsTo = new HashMap<>();
    private final Map<String, Instant> startedAt = new HashMap<>();
    private final List<Runnable> held = new ArrayList<>();
    private final List<StoredRecording> archive = new ArrayList<>();
    private boolean confirmAtOnce = true;
    private boolean canRecord = true;

    public FakeRecorder(Clock clock) {
        this.clock = clock;
    }

    // ---- Recorder ----

    @Override
    public synchronized void start(RecordingTarget target, RecorderReports reports) {
        if (!canRecord) {
            received.add(new Received(RecorderCommand.START, target.tenantId(), target.sessionId(), target.recordingId(),
                    target.consents()));
            reports.report(target.recordingId(), RecorderReport.FAILED); // as samtal's NoRecorder does
            return;
        }
        if (targets.containsKey(target.recordingId())) {
            violations.add("start of an existing recording " + target.recordingId());
            return;
        }
        targets.put(target.recordingId(), target);
        reportsTo.put(target.recordingId(), reports);
        startedAt.put(target.recordingId(), clock.instant());
        states.put(target.recordingId(), State.STARTED);
        receive(RecorderCommand.START, target.recordingId(), target.consents(), RecorderReport.STARTED);
    }

    @Override
    public synchronized void pause(String recordingId) {
        if (expect(recordingId, Set.of(State.STARTED, State.PAUSED), State.PAUSED)) {
            receive(RecorderCommand.PAUSE, recordingId, List.of(), RecorderReport.PAUSED);
        }
    }

    @Override
    public synchronized void resume(String recordingId, List<ConsentRecord> consents) {
        if (expect(recordingId, Set.of(State.PAUSED, State.STARTED), State.STARTED)) {
            receive(RecorderCommand.RESUME, recordingId, consents, RecorderReport.RESUMED);
        }
    }

    @Override
    public synchronized void stop(String recordingId) {
        if (expect(recordingId, Set.of(State.STARTED, State.PAUSED), State.STOPPED)) {
            RecordingTarget target = targets.get(recordingId);
            archive.add(new StoredRecording(target.tenantId(), target.sessionId(), recordingId, startedAt.get(recordingId),
                    clock.instant()));
            receive(RecorderCommand.STOP, recordingId, List.of(), RecorderReport.STOPPED);
        }
    }

    /** A pause of a paused recording, or a resume of a running one, is harmless; anything else out of order is noted. */
    private boolean expect(String recordingId, Set<State> from, State to) {
        State now = states.get(recordingId);
        if (now == null || !from.contains(now)) {
            violations.add("command to a recording in state " + now + ": " + recordingId);
            return false;
        }
        states.put(recordingId, to);
        return true;
    }

    private void receive(RecorderCommand command, String recordingId, List<ConsentRecord> consents, RecorderReport report) {
        RecordingTarget target = targets.get(recordingId);
        received.add(new Received(command, target.tenantId(), target.sessionId(), recordingId, consents));
        Runnable confirmation = () -> reportsTo.get(recordingId).report(recordingId, report);
        if (confirmAtOnce) {
            confirmation.run();
        } else {
            held.add(confirmation);
        }
    }

    // ---- what tests do ----

    /** Whether the recorder confirms at once (the default) or only when {@link #confirmHeld()} says so. */
    public synchronized void confirmAtOnce(boolean atOnce) {
        this.confirmAtOnce = atOnce;
    }

    /** Whether starts succeed (the default), or fail at once as they do without a real recorder. */
    public synchronized void canRecord(boolean can) {
        this.canRecord = can;
    }

    /** Sends the reports held back so far, in order. */
    public void confirmHeld() {
        List<Runnable> due;
        synchronized (this) {
            due = List.copyOf(held);
            held.clear();
        }
        due.forEach(Runnable::run);
    }

    /** The commands the recorder got for a session's recordings, in order. */
    public synchronized List<Received> receivedFor(String sessionId) {
        return received.stream().filter(r -> r.sessionId().equals(sessionId)).toList();
    }

    public synchronized List<RecorderCommand> commandsFor(String sessionId) {
        return receivedFor(sessionId).stream().map(Received::command).toList();
    }

    /** Commands that made no sense for the recording they named (a correct server sends none). */
    public synchronized List<String> violations() {
        return List.copyOf(violations);
    }

    // ---- RecordingArchive ----

    @Override
    public synchronized List<StoredRecording> endedBefore(String tenantId, Instant cutoff, int limit) {
        return archive.stream().filter(r -> r.tenantId().equals(tenantId) && r.endedAt().isBefore(cutoff))
                .sorted(Comparator.comparing(StoredRecording::endedAt)).limit(limit).toList();
    }

    @Override
    public synchronized boolean delete(String tenantId, String recordingId) {
        return archive.removeIf(r -> r.tenantId().equals(tenantId) && r.recordingId().equals(recordingId));
    }

    /** What the recorder has stored (finished recordings not yet deleted). */
    public synchronized List<StoredRecording> stored() {
        return List.copyOf(archive);
    }
}
