package se.samtal.chat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.samtal.chat.conversation.Conversation;
import se.samtal.chat.conversation.Member;
import se.samtal.chat.live.ChatEvent;
import se.samtal.chat.live.RecordingSubscriber;
import se.samtal.chat.message.Message;
import se.samtal.chat.retention.RetentionJob;
import se.samtal.protocol.Role;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static se.samtal.chat.ChatFixture.TENANT;
import static se.samtal.chat.ChatFixture.actor;

class ChatServiceTest {
    private static final ChatActor PATIENT = actor(TENANT, "p-1", Role.PATIENT);
    private static final ChatActor THERAPIST = actor(TENANT, "t-1", Role.THERAPIST);

    @TempDir
    Path dir;

    private static ChatService.Subscribed subscribe(ChatService chat, ChatActor actor, String conversation, Long after, RecordingSubscriber inbox) {
        var result = new AtomicReference<ChatService.Subscribed>();
        chat.subscribe(actor, conversation, after, inbox, result::set);
        return result.get();
    }

    @Test
    void aClientResumingFromBeforeWhatRetentionRemovedIsToldItIsNotRecovered() {
        try (var f = new ChatFixture(dir, false, ChatObserver.NONE)) {
            String id = f.careConversation(TENANT);
            f.chat.send(PATIENT, id, "a", "Gammalt", "c0").join();
            f.clock.advance(Duration.ofDays(40));
            f.chat.send(PATIENT, id, "b", "Nytt", "c0").join();
            assertThat(new RetentionJob(f.messages, f.policies, f.clock).runOnce().get(TENANT).messages()).isEqualTo(1);

            var resumed = subscribe(f.chat, THERAPIST, id, 0L, new RecordingSubscriber("c1"));
            assertThat(resumed.recovered()).isFalse();
            assertThat(resumed.page().historyStart()).isEqualTo(2);
            assertThat(resumed.page().messages()).extracting(Message::text).containsExactly("Nytt");
            assertThat(subscribe(f.chat, THERAPIST, id, 1L, new RecordingSubscriber("c2")).recovered())
                    .as("nothing after seq 1 is missing").isTrue();
        }
    }

    @Test
    void theObserverLearnsWhichMembersAreNotConnectedAndARepeatedKeyPublishesNothing() {
        var stored = new ArrayList<List<String>>();
        ChatObserver observer = new ChatObserver() {
            @Override
            public void messageStored(Conversation conversation, Message message, List<Member> offline) {
                stored.add(offline.stream().map(Member::ref).toList());
            }
        };
        try (var f = new ChatFixture(dir, false, observer)) {
            String id = f.careConversation(TENANT);
            var patientInbox = new RecordingSubscriber("c-patient");
            subscribe(f.chat, PATIENT, id, null, patientInbox);

            f.chat.send(PATIENT, id, "k1", "Hej", "c-patient").join();
            var therapistInbox = new RecordingSubscriber("c-therapist");
            subscribe(f.chat, THERAPIST, id, null, therapistInbox);
            f.chat.send(PATIENT, id, "k2", "Är du där?", "c-patient").join();
            f.chat.send(PATIENT, id, "k2", "Är du där?", "c-patient").join();

            assertThat(stored).containsExactly(List.of("t-1"), List.of());
            assertThat(therapistInbox.events()).filteredOn(ChatEvent.MessagePosted.class::isInstance).hasSize(1);
            assertThat(patientInbox.events()).as("the writer's own connection gets the ack, not the event")
                    .noneMatch(ChatEvent.MessagePosted.class::isInstance);
        }
    }

    @Test
    void aTenantMayLetLateJoinersOfASessionSeeEverything() {
        try (var f = new ChatFixture(dir, true, ChatObserver.NONE)) {
            var therapist = actor(TENANT, "t-1", Role.THERAPIST);
            String id = f.chat.enterSessionChat(therapist, "s_1", true).conversation().id();
            f.chat.send(therapist, id, "a", "Före tolken", "c0").join();
            var interpreter = actor(TENANT, "i-1", Role.INTERPRETER);
            assertThat(f.chat.enterSessionChat(interpreter, "s_1", false).conversation().id()).isEqualTo(id);

            var page = subscribe(f.chat, interpreter, id, null, new RecordingSubscriber("c1"));
            assertThat(page.page().messages()).extracting(Message::text).containsExactly("Före tolken");
            assertThat(page.state().expectations().live()).isTrue();
        }
    }

    @Test
    void someoneTheBookingExpectedSeesTheSessionChatFromItsStartEvenWhenArrivingLate() {
        try (var f = new ChatFixture(dir, false, ChatObserver.NONE)) {
            var therapist = actor(TENANT, "t-1", Role.THERAPIST);
            String id = f.chat.enterSessionChat(therapist, "s_1", true).conversation().id();
            f.chat.send(therapist, id, "a", "Jag blir fem minuter sen.", "c0").join();
            var patient = actor(TENANT, "p-1", Role.PATIENT);
            var interpreter = actor(TENANT, "i-1", Role.INTERPRETER);
            f.chat.enterSessionChat(patient, "s_1", true);
            f.chat.enterSessionChat(interpreter, "s_1", false);

            assertThat(subscribe(f.chat, patient, id, null, new RecordingSubscriber("c1")).page().messages())
                    .extracting(Message::text).containsExactly("Jag blir fem minuter sen.");
            assertThat(subscribe(f.chat, interpreter, id, null, new RecordingSubscriber("c2")).page().messages())
                    .as("not expected by the booking, and the tenant keeps earlier messages from late joiners").isEmpty();
        }
    }

    @Test
    void receiptsReachTheOthersAndTheMembersOtherDevicesButNotTheDeviceThatMarked() {
        try (var f = new ChatFixture(dir, false, ChatObserver.NONE)) {
            String id = f.careConversation(TENANT);
            f.chat.send(PATIENT, id, "a", "Hej", "c0").join();
            var patientInbox = new RecordingSubscriber("c-patient");
            var phone = new RecordingSubscriber("c-phone");
            var laptop = new RecordingSubscriber("c-laptop");
            subscribe(f.chat, PATIENT, id, null, patientInbox);
            subscribe(f.chat, THERAPIST, id, null, phone);
            subscribe(f.chat, THERAPIST, id, null, laptop);

            var receipt = f.chat.mark(THERAPIST, id, 1L, 1L, "c-laptop");
            f.chat.mark(THERAPIST, id, 1L, 1L, "c-laptop");

            assertThat(receipt.unread()).isZero();
            assertThat(patientInbox.events()).containsExactly(new ChatEvent.ReceiptMoved(id, receipt.memberId(), 1, 1));
            assertThat(phone.events()).hasSize(1);
            assertThat(laptop.events()).isEmpty();
        }
    }
}
