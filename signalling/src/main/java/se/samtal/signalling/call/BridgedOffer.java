package se.samtal.signalling.call;

import se.samtal.signalling.media.MediaLayout;
import se.samtal.signalling.media.Source;
import se.samtal.signalling.media.Transport;

import java.util.List;

/**
 * An offer samtal makes a participant on the bridge's behalf, as values: the server writes it as
 * SDP. Its sections are the participant's own audio and video, then the others' sources as
 * {@code layout} places them.
 *
 * @param epoch    the participant's connection to the bridge this offer is for
 * @param version  one more for every offer on that connection
 * @param bridge   the bridge's side of the participant's transport
 * @param feedback the bridge's own sources
 * @param layout   the others' sources, section by section
 */
public record BridgedOffer(long epoch, long version, Transport bridge, List<Source> feedback, MediaLayout layout) {
    public BridgedOffer {
        feedback = List.copyOf(feedback);
    }
}
