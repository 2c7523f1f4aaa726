package se.samtal.signalling.call.bridge;

import java.util.function.Consumer;

/**
 * The video bridge as the session engine sees it (Jitsi Videobridge driven over Colibri2, in the
 * deployment): carries out a call's commands and reports back. {@link #perform} returns at once;
 * the work and the reports happen elsewhere (reports on any thread, never inside {@code perform}).
 */
public interface MediaBridge {
    /** No bridge configured: calls of three or more are meshes. */
    MediaBridge NONE = new MediaBridge() {
        @Override
        public boolean configured() {
            return false;
        }

        @Override
        public void perform(String tenantId, String sessionId, BridgeCommand command, Consumer<BridgeReport> reports) {
            if (command instanceof BridgeCommand.Allocate allocate) {
                reports.accept(new BridgeReport.Unavailable(allocate.round(), "no video bridge is configured"));
            }
        }
    };

    /** Whether a bridge is configured at all. */
    boolean configured();

    /** Carries out {@code command} for the session's call, in order with the session's other commands. */
    void perform(String tenantId, String sessionId, BridgeCommand command, Consumer<BridgeReport> reports);
}
