package se.samtal.chat.json;

import com.fasterxml.jackson.databind.json.JsonMapper;
import org.junit.jupiter.api.Test;
import se.samtal.chat.conversation.ConversationSettings;
import se.samtal.chat.expectation.ReplyWithin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SettingsJsonTest {

    @Test
    void aReplyTimeIsKeptWithItsUnitAsTheWireWord() {
        var settings = new ConversationSettings(new ReplyWithin(2, ReplyWithin.Unit.WORKDAYS), null);

        String json = SettingsJson.write(settings);

        assertThat(json).isEqualTo("{\"replyWithin\":{\"amount\":2,\"unit\":\"workdays\"}}");
        assertThat(SettingsJson.read(json)).isEqualTo(settings);
        assertThat(SettingsJson.write(ConversationSettings.NONE)).isNull();
    }

    @Test
    void aMapperWithTheModuleRefusesAnUnknownUnitWithTheUnitsOwnMessage() {
        var mapper = JsonMapper.builder().addModule(new ChatValuesModule()).build();

        assertThatThrownBy(() -> mapper.readValue("{\"amount\":2,\"unit\":\"fortnights\"}", ReplyWithin.class))
                .rootCause().isInstanceOf(IllegalArgumentException.class).hasMessage("'unit' must be hours, days or workdays");
    }
}
