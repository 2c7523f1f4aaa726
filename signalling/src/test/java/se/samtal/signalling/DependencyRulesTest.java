package se.samtal.signalling;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The engine knows no transport: no Netty, no HTTP, no wire messages or codec, nothing of the
 * server. It reports facts; the server turns them into frames. Its values know no JSON library,
 * and only its Redis adapter ({@code live.redis}) knows Redis and JSON (as chat's and audit's
 * adapters sit beside their engines).
 */
class DependencyRulesTest {
    private static final Pattern IMPORT = Pattern.compile("^import (static )?([\\w.]+)", Pattern.MULTILINE);
    private static final Pattern PACKAGE = Pattern.compile("^package ([\\w.]+);", Pattern.MULTILINE);
    private static final Pattern NEVER = Pattern.compile(
            "(io\\.netty|java\\.net\\.http|java\\.sql|se\\.samtal\\.server|se\\.samtal\\.client|se\\.samtal\\.chat|se\\.samtal\\.audit"
                    + "|se\\.samtal\\.protocol\\.(ClientMessage|ServerMessage|WireCodec))\\b.*");
    private static final Pattern ADAPTER_ONLY = Pattern.compile("(com\\.fasterxml|redis\\.clients|se\\.samtal\\.redis)\\..*");

    @Test
    void theEngineImportsNoTransportOrWireTypesAndOnlyItsRedisAdapterKnowsRedisAndJson() throws IOException {
        List<Path> sources;
        try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
            sources = files.filter(p -> p.toString().endsWith(".java")).toList();
        }
        assertThat(sources).hasSizeGreaterThan(30);
        for (Path source : sources) {
            String text = Files.readString(source);
            var declared = PACKAGE.matcher(text);
            assertThat(declared.find()).as("%s declares its package", source).isTrue();
            boolean adapter = declared.group(1).equals("se.samtal.signalling.live.redis");
            var imports = IMPORT.matcher(text);
            while (imports.find()) {
                String imported = imports.group(2);
                assertThat(imported).as("import in %s", source).doesNotMatch(NEVER);
                if (!adapter) {
                    assertThat(imported).as("import in %s (the engine, not its Redis adapter)", source).doesNotMatch(ADAPTER_ONLY);
                }
            }
            if (!adapter) {
                assertThat(text).as("%s names no JSON library or Redis client, not even written out in full", source)
                        .doesNotContain("com.fasterxml", "redis.clients");
            }
        }
    }
}
