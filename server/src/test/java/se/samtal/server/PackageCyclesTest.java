package se.samtal.server;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * No package of the server imports, through any chain of others, a package that imports it back.
 * A package counts with its subpackages ({@code gateway} with {@code gateway.redis}), so an
 * adapter cannot close a loop its package would not. Read from the sources: imports, and names
 * written out in full.
 */
class PackageCyclesTest {
    private static final String ROOT = "se.samtal.server.";
    private static final Pattern PACKAGE = Pattern.compile("^package ([\\w.]+);", Pattern.MULTILINE);
    private static final Pattern USED = Pattern.compile("\\bse\\.samtal\\.server\\.([a-z]\\w*)");

    @Test
    void theServersPackagesFormNoCycle() throws IOException {
        Map<String, Set<String>> uses = new TreeMap<>();
        List<Path> sources;
        try (Stream<Path> files = Files.walk(Path.of("src/main/java/se/samtal/server"))) {
            sources = files.filter(p -> p.toString().endsWith(".java")).toList();
        }
        for (Path source : sources) {
            String text = Files.readString(source);
            var declared = PACKAGE.matcher(text);
            assertThat(declared.find()).as("%s declares its package", source).isTrue();
            String from = group(declared.group(1));
            var used = uses.computeIfAbsent(from, p -> new TreeSet<>());
            var names = USED.matcher(text.substring(declared.end()));
            while (names.find()) {
                if (!names.group(1).equals(from)) {
                    used.add(names.group(1));
                }
            }
        }
        assertThat(uses).as("packages read").hasSizeGreaterThan(10);
        assertThat(cycles(uses)).as("package cycles (each: packages that reach each other)").isEmpty();
    }

    /** The top-level package under the server's root ({@code gateway} for {@code se.samtal.server.gateway.redis}); "" for the root. */
    private static String group(String pkg) {
        if (!pkg.startsWith(ROOT)) {
            return "";
        }
        String rest = pkg.substring(ROOT.length());
        int dot = rest.indexOf('.');
        return dot < 0 ? rest : rest.substring(0, dot);
    }

    /** The strongly connected groups of more than one package (Tarjan). */
    private static List<Set<String>> cycles(Map<String, Set<String>> uses) {
        var index = new HashMap<String, Integer>();
        var low = new HashMap<String, Integer>();
        Deque<String> stack = new ArrayDeque<>();
        var found = new ArrayList<Set<String>>();
        for (String start : uses.keySet()) {
            if (!index.containsKey(start)) {
                connect(start, uses, index, low, stack, found);
            }
        }
        return found;
    }

    private static void connect(String v, Map<String, Set<String>> uses, Map<String, Integer> index, Map<String, Integer> low,
                                Deque<String> stack, List<Set<String>> found) {
        index.put(v, index.size());
        low.put(v, index.get(v));
        stack.push(v);
        for (String w : uses.getOrDefault(v, Set.of())) {
            if (!index.containsKey(w)) {
                connect(w, uses, index, low, stack, found);
                low.put(v, Math.min(low.get(v), low.get(w)));
            } else if (stack.contains(w)) {
                low.put(v, Math.min(low.get(v), index.get(w)));
            }
        }
        if (low.get(v).equals(index.get(v))) {
            var group = new TreeSet<String>();
            String w;
            do {
                w = stack.pop();
                group.add(w);
            } while (!w.equals(v));
            if (group.size() > 1) {
                found.add(group);
            }
        }
    }
}
