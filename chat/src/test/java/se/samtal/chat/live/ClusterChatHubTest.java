package se.samtal.chat.live;

import org.junit.jupiter.api.Test;
import se.samtal.chat.message.Message;
import se.samtal.protocol.Role;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two nodes' hubs joined by a bus that behaves like Redis pub/sub on one channel: what one
 * publishes reaches every hub, its own included, in one order for all. Messages reach every
 * subscriber in {@code seq} order, each once, also when their events come out of order or not
 * at all; the writer's connection never gets its own message.
 */
class ClusterChatHubTest {
    private static final ConversationKey KEY = new ConversationKey("region-a", "cv_1");

    private final List<Message> stored = new ArrayList<>();
    private final Bus bus = new Bus();
    private final ChatHub nodeA = new ChatHub(Runnable::run, bus.forNode("a"), this::backfill);
    private final ChatHub nodeB = new ChatHub(Runnable::run, bus.forNode("b"), this::backfill);

    /** One channel, every hub on it; a test may hold messages back to deliver them later. */
    private final class Bus {
        final List<ChatHub> hubs = new ArrayList<>();
        final List<Runnable> heldBack = new ArrayList<>();
        final Set<String> followers = new HashSet<>();
        boolean holding;

        ChatBus forNode(String node) {
            return new ChatBus() {
                @Override
                public void publish(ConversationKey key, ChatEvent event, Audience audience) {
                    Runnable send = () -> hubs.forEach(hub -> hub.received(key, event, audience));
                    if (holding) {
                        heldBack.add(send);
                    } else {
                        send.run();
                    }
                }

                @Override
                public void followed(ConversationKey key, String connectionId, String memberRef) {
                    followers.add(node + "|" + memberRef);
                }

                @Override
                public void unfollowed(ConversationKey key, String connectionId) {
                }

                @Override
                public Set<String> followersElsewhere(ConversationKey key) {
                    var refs = new HashSet<String>();
                    followers.stream().filter(f -> !f.startsWith(node + "|")).forEach(f -> refs.add(f.substring(2)));
                    return refs;
                }
            };
        }
    }

    ClusterChatHubTest() {
        bus.hubs.add(nodeA);
        bus.hubs.add(nodeB);
    }

    private List<Message> backfill(ConversationKey key, long afterSeq, int limit) {
        return stored.stream().filter(m -> m.seq() > afterSeq).limit(limit).toList();
    }

    private ChatEvent.MessagePosted store(long seq) {
        var message = new Message("cv_1", seq, "m_1", Role.PATIENT, null, "text " + seq, Instant.EPOCH, "k" + seq);
        stored.add(message);
        return new ChatEvent.MessagePosted(message);
    }

    private static RecordingSubscriber follow(ChatHub hub, String connection, String ref, long seenThrough) {
        var subscriber = new RecordingSubscriber(connection);
        assertThat(hub.goLive(hub.subscribe(KEY, ref, subscriber), seenThrough, () -> { })).isTrue();
        return subscriber;
    }

    @Test
    void aMessageWrittenOnOneNodeReachesFollowersOnBothButNotItsWriter() {
        var writer = follow(nodeA, "c1", "p-1", 0);
        var phone = follow(nodeA, "c2", "p-1", 0);
        var therapist = follow(nodeB, "c3", "t-1", 0);

        nodeA.publish(KEY, store(1), Audience.exceptConnection("c1"));

        assertThat(writer.received()).isEmpty();
        assertThat(phone.received()).containsExactly(1L);
        assertThat(therapist.received()).containsExactly(1L);
        assertThat(nodeA.connectedRefs(KEY)).containsExactlyInAnyOrder("p-1", "t-1");
    }

    @Test
    void messagesWhoseEventsComeOutOfOrderOrNeverAreHandedOnInOrderOnceEach() {
        var writer = follow(nodeA, "c1", "p-1", 0);
        var therapist = follow(nodeB, "c3", "t-1", 0);
        nodeA.publish(KEY, store(1), Audience.exceptConnection("c1"));

        bus.holding = true;
        var second = store(2); // written on node A, its event delayed on the bus
        nodeA.publish(KEY, second, Audience.exceptConnection("c1"));
        bus.holding = false;
        nodeB.publish(KEY, store(3), Audience.exceptConnection("c9")); // written on node B by another connection
        bus.heldBack.forEach(Runnable::run); // the late event of message 2 comes last
        store(4); // its event lost altogether
        nodeB.publish(KEY, store(5), Audience.EVERYONE);

        assertThat(therapist.received()).containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(writer.received()).as("its own messages 1 and 2 never come back to the writer").containsExactly(3L, 4L, 5L);
    }

    @Test
    void aRevokedMemberIsCutOffOnEveryNode() {
        var onA = follow(nodeA, "c1", "t-1", 0);
        var onB = follow(nodeB, "c2", "t-1", 0);
        var patient = follow(nodeB, "c3", "p-1", 0);

        nodeA.revoke(KEY, "t-1", "removed");
        nodeB.publish(KEY, store(1), Audience.EVERYONE);

        assertThat(onA.events()).containsExactly(new ChatEvent.Revoked("cv_1", "removed"));
        assertThat(onB.events()).containsExactly(new ChatEvent.Revoked("cv_1", "removed"));
        assertThat(patient.received()).containsExactly(1L);
    }

    @Test
    void afterTheBusWasDownEachNodeReadsWhatItMissedFromTheStore() {
        var therapist = follow(nodeB, "c3", "t-1", 0);
        store(1);
        store(2); // both written while node B heard nothing

        nodeB.caughtUp();

        assertThat(therapist.received()).containsExactly(1L, 2L);
    }
}
