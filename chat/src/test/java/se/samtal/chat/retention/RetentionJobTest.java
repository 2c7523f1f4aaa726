package se.samtal.chat.retention;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.samtal.chat.ChatFixture;
import se.samtal.chat.ChatObserver;
import se.samtal.chat.expectation.ChatPolicies;
import se.samtal.chat.expectation.ChatPolicy;
import se.samtal.chat.store.PurgeResult;
import se.samtal.protocol.Role;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static se.samtal.chat.ChatFixture.actor;

class RetentionJobTest {
    @TempDir
    Path dir;

    @Test
    void eachTenantsRetentionDecidesAndAHeldConversationIsKept() {
        var policies = new ChatPolicies(Map.of(
                "short", new ChatPolicy(Duration.ofDays(30), false, null, null, null, 10),
                "long", new ChatPolicy(Duration.ofDays(365), false, null, null, null, 10)));
        try (var f = new ChatFixture(dir, policies, ChatObserver.NONE)) {
            String shortLived = f.careConversation("short");
            String held = f.careConversation("short");
            String longLived = f.careConversation("long");
            for (String id : List.of(shortLived, held)) {
                f.chat.send(actor("short", "p-1", Role.PATIENT), id, "k", "Hej", "c").join();
            }
            f.chat.send(actor("long", "p-1", Role.PATIENT), longLived, "k", "Hej", "c").join();
            f.care.hold("short", held, "Tvist");
            var job = new RetentionJob(f.messages, f.policies, f.clock);

            f.clock.advance(Duration.ofDays(29));
            assertThat(job.runOnce()).containsEntry("short", new PurgeResult(0, 0, false));
            f.clock.advance(Duration.ofDays(2));
            var results = job.runOnce();

            assertThat(results).containsEntry("short", new PurgeResult(1, 0, false)).containsEntry("long", new PurgeResult(0, 0, false));
            assertThat(f.messages.export("short", shortLived, 0, 10)).isEmpty();
            assertThat(f.messages.export("short", held, 0, 10)).hasSize(1);
            assertThat(f.messages.export("long", longLived, 0, 10)).hasSize(1);
            assertThat(f.conversations.find("short", shortLived)).as("an open conversation stays, empty").isPresent();
        }
    }
}
