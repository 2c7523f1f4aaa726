package se.samtal.signalling;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The engine knows no transport: no Netty, no HTTP, no JSON messages or codec, nothing of the server. */
class DependencyRulesTest {
    private static final Pattern FORBIDDEN = Pattern.compile(
            "^import (static )?(io\\.netty|java\\.net\\.http|com\\.fasterxml|se\\.samtal\\.server|se\\.samtal\\.client"
                    + "|se\\.samtal\\.protocol\\.(ClientMessage|ServerMessage|WireCodec))", Pattern.MULTILINE);

    @Test
    void signallingSourcesImportNoTransportOrWireTypes() throws IOException {
        List<Path> sources;
        try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
            sources = files.filter(p -> p.toString().endsWith(".java")).toList();
        }
        assertThat(sources).isNotEmpty();
        for (Path source : sources) {
            assertThat(FORBIDDEN.matcher(Files.readString(source)).find()).as(source.toString()).isFalse();
        }
    }
}
