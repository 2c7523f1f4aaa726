package se.samtal.chat.export;

import org.junit.jupiter.api.Test;
import se.samtal.chat.CareConversations;
import se.samtal.chat.conversation.Conversation;
import se.samtal.chat.conversation.ConversationKind;
import se.samtal.chat.conversation.ConversationSettings;
import se.samtal.chat.conversation.ConversationStatus;
import se.samtal.chat.conversation.Member;
import se.samtal.chat.message.Message;
import se.samtal.chat.store.ChainCheck;
import se.samtal.protocol.Role;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class TranscriptTest {
    private static final Instant T = Instant.parse("2026-11-23T08:05:00Z");
    private static final ZoneId STOCKHOLM = ZoneId.of("Europe/Stockholm");

    private static final ChainCheck INTACT = new ChainCheck(ChainCheck.Status.INTACT, 3, 5, null, "ab".repeat(32), 0);

    private static CareConversations.Export export(boolean more) {
        return export(more, INTACT);
    }

    private static CareConversations.Export export(boolean more, ChainCheck chain) {
        var conversation = new Conversation("region-a", "cv_1", ConversationKind.CARE, null, "ADHD-uppföljning", "case-17",
                ConversationStatus.OPEN, ConversationSettings.NONE, 5, 2, null, T, T, null);
        var members = List.of(
                new Member("m_1", "p-1", Role.PATIENT, "Pim", 1, 5, 5, T, null),
                new Member("m_2", "t-1", Role.THERAPIST, "Tove Lind", 1, 4, 4, T, null),
                new Member("m_3", "t-2", Role.THERAPIST, null, 1, 0, 0, T, T.plusSeconds(3600)));
        var messages = List.of(
                new Message("cv_1", 3, "m_1", Role.PATIENT, "Pim", "Jag glömde dosen.\nIgen.", T, "k3"),
                new Message("cv_1", 4, "m_3", Role.THERAPIST, null, "Vi ringer.", T.plusSeconds(60), "k4"));
        return new CareConversations.Export(conversation, members, messages, more, T.plusSeconds(7200), chain);
    }

    @Test
    void aTranscriptNamesEveryoneDatesEveryMessageInTheClinicsTimeAndIndentsTheText() {
        String text = Transcript.render(export(false), STOCKHOLM, "sv");
        assertThat(text).isEqualTo("""
                Samtal – utskrift av konversation
                Konversation: cv_1 (vårdkonversation)
                Rubrik: ADHD-uppföljning
                Extern referens: case-17
                Deltagare:
                  Pim – patient
                  Tove Lind – behandlare
                  Behandlare – behandlare (borttagen 2026-11-23 10:05)
                Tidszon: Europe/Stockholm
                Utskriven: 2026-11-23 11:05
                Meddelanden till och med nr 2 har raderats enligt vårdgivarens gallringsregler.
                Meddelandekedjan är kontrollerad: meddelandena nr 3–5 är oförändrade sedan de skrevs.

                2026-11-23 09:05  Pim (patient):
                    Jag glömde dosen.
                    Igen.

                2026-11-23 09:06  Behandlare (behandlare):
                    Vi ringer.

                """);
    }

    @Test
    void anEnglishTranscriptSaysWhereItContinues() {
        String text = Transcript.render(export(true), STOCKHOLM, "en");
        assertThat(text).contains("Members:", "Pim (patient):", "Messages up to and including no. 2 were removed",
                "The transcript continues: fetch the messages after no. 4.",
                "Message chain verified: messages no. 3–5 are unaltered since they were written.");
    }

    @Test
    void aBrokenChainIsAWarningAtTheTop() {
        var broken = new ChainCheck(ChainCheck.Status.BROKEN, 3, 5, 4L, "ab".repeat(32), 0);
        String text = Transcript.render(export(false, broken), STOCKHOLM, "sv");
        assertThat(text.substring(0, text.indexOf("\n\n")))
                .contains("VARNING: meddelandekedjan stämmer inte från nr 4.").doesNotContain("kontrollerad");
        assertThat(Transcript.render(export(false, broken), STOCKHOLM, "en"))
                .contains("WARNING: the message chain does not match from no. 4.");
    }

    @Test
    void oneVerifiedMessageIsSaidInTheSingular() {
        var one = new ChainCheck(ChainCheck.Status.INTACT, 5, 5, null, "ab".repeat(32), 0);
        assertThat(Transcript.render(export(false, one), STOCKHOLM, "sv"))
                .contains("Meddelandekedjan är kontrollerad: meddelande nr 5 är oförändrat sedan det skrevs.");
        assertThat(Transcript.render(export(false, one), STOCKHOLM, "en"))
                .contains("Message chain verified: message no. 5 is unaltered since it was written.");
    }

    @Test
    void aStoreWithoutAChainSaysNothingAboutIt() {
        String text = Transcript.render(export(false, ChainCheck.notKept()), STOCKHOLM, "en");
        assertThat(text).doesNotContain("chain");
    }
}
