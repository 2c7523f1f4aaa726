package se.samtal.chat;

import se.samtal.chat.conversation.ConversationSettings;
import se.samtal.chat.conversation.NewCareConversation;
import se.samtal.chat.conversation.NewMember;
import se.samtal.chat.expectation.ChatPolicies;
import se.samtal.chat.expectation.ChatPolicy;
import se.samtal.chat.live.ChatHub;
import se.samtal.chat.store.sqlite.ChatSchema;
import se.samtal.chat.store.sqlite.SqliteConversationStore;
import se.samtal.chat.store.sqlite.SqliteMessageStore;
import se.samtal.protocol.Role;
import se.samtal.sqlite.SqliteDatabase;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The chat engine on a real embedded store in a temporary directory, with a clock the test moves. */
public final class ChatFixture implements AutoCloseable {
    public static final String TENANT = "region-a";
    public static final String OTHER = "provider-b";

    public final TestClock clock = new TestClock(Instant.parse("2026-11-23T09:00:00Z"));
    public final SqliteDatabase db;
    public final SqliteConversationStore conversations;
    public final SqliteMessageStore messages;
    public final ChatHub hub = new ChatHub(Runnable::run);
    public final ChatPolicies policies;
    public final ChatService chat;
    public final CareConversations care;

    /** {@code region-a} keeps messages 30 days, {@code provider-b} a year. */
    public ChatFixture(Path dir, boolean lateJoinersSeeAll, ChatObserver observer) {
        this(dir, new ChatPolicies(Map.of(
                TENANT, new ChatPolicy(Duration.ofDays(30), lateJoinersSeeAll, null, null, null, 100),
                OTHER, new ChatPolicy(Duration.ofDays(365), false, null, null, null, 100))), observer);
    }

    public ChatFixture(Path dir, ChatPolicies policies, ChatObserver observer) {
        db = SqliteDatabase.open(dir.resolve("chat.db"), ChatSchema.MIGRATIONS, 2);
        conversations = new SqliteConversationStore(db);
        messages = new SqliteMessageStore(db);
        this.policies = policies;
        IdSource ids = prefix -> prefix + UUID.randomUUID();
        chat = new ChatService(conversations, messages, hub, policies, ChatLimits.DEFAULTS, Throttle.NONE, Throttle.NONE, observer,
                ids, clock);
        care = new CareConversations(conversations, messages, chat, hub, ids, clock);
    }

    /** A care conversation with patient {@code p-1} (Pim) and therapist {@code t-1} (Tove). */
    public String careConversation(String tenant) {
        return care.create(tenant, new NewCareConversation("Uppföljning", null, List.of(
                new NewMember("p-1", Role.PATIENT, "Pim"), new NewMember("t-1", Role.THERAPIST, "Tove")),
                ConversationSettings.NONE)).id();
    }

    public static ChatActor actor(String tenant, String ref, Role role) {
        return new ChatActor(tenant, ref, role, null);
    }

    @Override
    public void close() {
        db.close();
    }
}
