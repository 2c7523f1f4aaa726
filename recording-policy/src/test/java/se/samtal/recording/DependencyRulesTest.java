package se.samtal.recording;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The rules depend on nothing but the JDK's own types and themselves: no samtal module, no library, no I/O. */
class DependencyRulesTest {
    private static final Pattern IMPORT = Pattern.compile("^import (static )?([\\w.]+)", Pattern.MULTILINE);
    private static final Pattern ALLOWED = Pattern.compile("java\\.(time|util)\\..*|se\\.samtal\\.recording\\..*");

    @Test
    void recordingPolicySourcesImportOnlyTheJdkAndThemselves() throws IOException {
        List<Path> sources;
        try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
            sources = files.filter(p -> p.toString().endsWith(".java")).toList();
        }
        assertThat(sources).hasSizeGreaterThan(10);
        for (Path source : sources) {
            String text = Files.readString(source);
            var imports = IMPORT.matcher(text);
            while (imports.find()) {
                assertThat(imports.group(2)).as("import in %s", source).matches(ALLOWED);
            }
            assertThat(text).as("%s uses no I/O", source).doesNotContain("java.io", "java.nio", "java.net", "System.out");
        }
    }
}
