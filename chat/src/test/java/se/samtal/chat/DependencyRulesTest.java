package se.samtal.chat;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Chat is a domain engine: no Netty, no HTTP, no wire messages or codec, nothing of the server.
 * Its values know no JSON library. JSON, JDBC and Jedis appear only in the adapters, each in a
 * package of its own: the stores ({@code store.sqlite}, {@code store.redis}), the bus between
 * nodes ({@code live.redis}), and {@code json} (how chat's values are written as JSON, for the
 * stores and for whoever reads them from configuration).
 */
class DependencyRulesTest {
    private static final Pattern IMPORT = Pattern.compile("^import (static )?([\\w.]+)", Pattern.MULTILINE);
    private static final Pattern PACKAGE = Pattern.compile("^package ([\\w.]+);", Pattern.MULTILINE);
    private static final Pattern NEVER = Pattern.compile(
            "(io\\.netty|java\\.net\\.http|se\\.samtal\\.server|se\\.samtal\\.client"
                    + "|se\\.samtal\\.protocol\\.(ClientMessage|ServerMessage|WireCodec))\\b.*");
    private static final Pattern JSON = Pattern.compile("com\\.fasterxml\\..*");
    private static final Pattern REDIS = Pattern.compile("(redis\\.clients|se\\.samtal\\.redis)\\..*");
    private static final Pattern SQL = Pattern.compile("(java\\.sql|org\\.sqlite|se\\.samtal\\.sqlite)\\..*");

    @Test
    void chatImportsNoTransportAndKeepsJsonAndStorageInItsAdapters() throws IOException {
        List<Path> sources;
        try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
            sources = files.filter(p -> p.toString().endsWith(".java")).toList();
        }
        assertThat(sources).hasSizeGreaterThan(20);
        for (Path source : sources) {
            String text = Files.readString(source);
            var declared = PACKAGE.matcher(text);
            assertThat(declared.find()).as("%s declares its package", source).isTrue();
            String pkg = declared.group(1);
            var imports = IMPORT.matcher(text);
            while (imports.find()) {
                String imported = imports.group(2);
                assertThat(imported).as("import in %s", source).doesNotMatch(NEVER);
                if (JSON.matcher(imported).matches()) {
                    assertThat(pkg).as("JSON in %s", source).matches("se\\.samtal\\.chat\\.(json|store\\.sqlite|store\\.redis|live\\.redis)");
                }
                if (REDIS.matcher(imported).matches()) {
                    assertThat(pkg).as("Redis in %s", source).endsWith(".redis");
                }
                if (SQL.matcher(imported).matches()) {
                    assertThat(pkg).as("SQL in %s", source).endsWith(".sqlite");
                }
            }
        }
    }
}
