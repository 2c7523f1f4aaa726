package se.samtal.protocol.recording;

import java.util.Map;

/**
 * The care provider's consent text, as people are shown it before they answer.
 *
 * @param version the text's version; a yes names the version it agreed to
 * @param text    the text by language code ({@code sv}, {@code en}, …); {@code sv} is always there
 */
public record ConsentText(String version, Map<String, String> text) {
    public ConsentText {
        text = text == null ? Map.of() : Map.copyOf(text);
    }
}
