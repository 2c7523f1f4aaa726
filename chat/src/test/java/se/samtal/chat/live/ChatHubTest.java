package se.samtal.chat.live;

import org.junit.jupiter.api.Test;
import se.samtal.chat.message.Message;
import se.samtal.protocol.Role;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

class ChatHubTest {
    private static final ConversationKey KEY = new ConversationKey("region-a", "cv_1");
    private final ChatHub hub = new ChatHub(Runnable::run);

    private static ChatEvent.MessagePosted posted(long seq) {
        return new ChatEvent.MessagePosted(new Message("cv_1", seq, "m_1", Role.PATIENT, null, "text " + seq, Instant.EPOCH, "k" + seq));
    }

    @Test
    void writesArePublishedInTheOrderTheyWereStartedWhateverOrderTheyFinishIn() {
        var published = new ArrayList<String>();
        var first = new CompletableFuture<String>();
        var second = new CompletableFuture<String>();
        var third = new CompletableFuture<String>();
        var done1 = hub.inOrder(KEY, () -> first, (r, e) -> published.add(r != null ? r : "failed"));
        var done2 = hub.inOrder(KEY, () -> second, (r, e) -> published.add(r != null ? r : "failed"));
        var done3 = hub.inOrder(KEY, () -> third, (r, e) -> published.add(r != null ? r : "failed"));

        third.complete("three");
        second.completeExceptionally(new IllegalStateException("refused"));
        assertThat(published).as("nothing before the first is done").isEmpty();
        first.complete("one");

        assertThat(published).containsExactly("one", "failed", "three");
        assertThat(done1).isCompletedWithValue("one");
        assertThat(done2).isCompletedExceptionally();
        assertThat(done3).isCompletedWithValue("three");
        assertThat(hub.activeFeeds()).as("an idle feed with nobody following is forgotten").isZero();
    }

    @Test
    void aHeldSubscriptionGetsTheReplyFirstThenWhatTheHistoryLackedThenLiveEvents() {
        var connection = new RecordingSubscriber("c1");
        var replies = new ArrayList<String>();
        Subscription subscription = hub.subscribe(KEY, "p-1", connection);
        hub.publish(KEY, posted(5), Audience.EVERYONE);
        hub.publish(KEY, posted(6), Audience.EVERYONE);
        hub.publish(KEY, posted(7), Audience.EVERYONE);
        assertThat(connection.events()).isEmpty();

        assertThat(hub.goLive(subscription, 6, () -> {
            replies.add("reply");
            assertThat(connection.events()).as("the reply goes first").isEmpty();
        })).isTrue();
        hub.publish(KEY, posted(8), Audience.EVERYONE);
        hub.publish(KEY, posted(6), Audience.EVERYONE); // published late by a slow writer: the history had it

        assertThat(replies).containsExactly("reply");
        assertThat(connection.received()).containsExactly(7L, 8L);
    }

    @Test
    void aSubscriptionThatFellTooFarBehindWhileHeldFailsAndSendsNothing() {
        var connection = new RecordingSubscriber("c1");
        var replies = new ArrayList<String>();
        Subscription subscription = hub.subscribe(KEY, "p-1", connection);
        for (int i = 1; i <= Subscription.MAX_HELD + 1; i++) {
            hub.publish(KEY, posted(i), Audience.EVERYONE);
        }
        assertThat(hub.goLive(subscription, 0, () -> replies.add("reply"))).isFalse();
        assertThat(replies).isEmpty();
        assertThat(connection.events()).isEmpty();
        assertThat(hub.connectedRefs(KEY)).isEmpty();
    }

    @Test
    void revokingAMemberCutsOffAllTheirConnectionsAndNoOneElse() {
        var phone = new RecordingSubscriber("c1");
        var laptop = new RecordingSubscriber("c2");
        var other = new RecordingSubscriber("c3");
        hub.goLive(hub.subscribe(KEY, "t-1", phone), 0, () -> { });
        hub.goLive(hub.subscribe(KEY, "t-1", laptop), 0, () -> { });
        hub.goLive(hub.subscribe(KEY, "p-1", other), 0, () -> { });
        assertThat(hub.connectedRefs(KEY)).containsExactlyInAnyOrder("t-1", "p-1");

        hub.revoke(KEY, "t-1", "removed");
        hub.publish(KEY, posted(1), Audience.EVERYONE);

        assertThat(phone.events()).containsExactly(new ChatEvent.Revoked("cv_1", "removed"));
        assertThat(laptop.events()).containsExactly(new ChatEvent.Revoked("cv_1", "removed"));
        assertThat(other.received()).containsExactly(1L);
        assertThat(hub.connectedRefs(KEY)).containsExactly("p-1");
    }

    @Test
    void publishingReachesOnlyTheChosenSubscribersAndUnsubscribingEndsIt() {
        var writer = new RecordingSubscriber("c1");
        var reader = new RecordingSubscriber("c2");
        hub.goLive(hub.subscribe(KEY, "p-1", writer), 0, () -> { });
        hub.goLive(hub.subscribe(KEY, "t-1", reader), 0, () -> { });

        hub.publish(KEY, posted(1), Audience.exceptConnection("c1"));
        hub.unsubscribe(KEY, "c2");
        hub.publish(KEY, posted(2), Audience.EVERYONE);
        hub.publish(new ConversationKey("provider-b", "cv_1"), posted(3), Audience.EVERYONE);

        assertThat(writer.received()).containsExactly(2L);
        assertThat(reader.received()).containsExactly(1L);
        hub.unsubscribe(KEY, "c1");
        assertThat(hub.activeFeeds()).isZero();
    }
}
