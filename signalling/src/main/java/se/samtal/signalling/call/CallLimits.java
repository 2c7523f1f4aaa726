package se.samtal.signalling.call;

/**
 * How many people a tenant's calls take, and how: at most {@code most} in one call; from the
 * third person on through a video bridge when the deployment has one ({@code bridged}), else as a
 * full mesh of peer connections of at most {@code meshMost} (every browser sends its media to
 * every other, so a mesh outgrows a home connection quickly).
 *
 * @param most     1–100: people in one call at once, observers included
 * @param meshMost 2–{@code most}: people in a call without a bridge
 * @param bridged  whether a video bridge is configured
 */
public record CallLimits(int most, int meshMost, boolean bridged) {
    /** A tenant's defaults: twelve in a call, four in a mesh. */
    public static final int DEFAULT_MOST = 12;
    public static final int DEFAULT_MESH_MOST = 4;

    public CallLimits {
        if (most < 2 || most > 100) {
            throw new IllegalArgumentException("a call takes 2-100 people");
        }
        if (meshMost < 2 || meshMost > most) {
            throw new IllegalArgumentException("a mesh takes 2 people and at most as many as a call");
        }
    }

    /** The defaults, with or without a bridge. */
    public static CallLimits defaults(boolean bridged) {
        return new CallLimits(DEFAULT_MOST, DEFAULT_MESH_MOST, bridged);
    }
}
