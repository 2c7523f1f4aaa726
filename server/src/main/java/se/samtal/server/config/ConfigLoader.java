package se.samtal.server.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import se.samtal.chat.json.ChatValuesModule;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Reads configuration from a YAML file and {@code SAMTAL_*} environment variables.
 *
 * <p>An environment variable overrides one key: {@code SAMTAL_} followed by the key's path in
 * upper snake case, with {@code __} between levels and list indexes as numbers, e.g.
 * {@code SAMTAL_HTTP__PORT=9090} or {@code SAMTAL_TENANTS__0__WEBHOOK__SECRET=...}. Unknown keys,
 * from the file or the environment, are errors that name the key.
 */
public final class ConfigLoader {
    /** Variables with the prefix that are not overrides (they steer the launcher). */
    /**
     * {@code SAMTAL_*} variables that are not configuration keys: the configuration file, the
     * launcher's JVM, the log level (Logback reads it), and the API key the load-test scripts take.
     */
    private static final Set<String> RESERVED = Set.of("SAMTAL_CONFIG", "SAMTAL_JAVA_OPTS", "SAMTAL_JAVA_HOME",
            "SAMTAL_LOG_LEVEL", "SAMTAL_API_KEY");

    private final ObjectMapper yaml;

    public ConfigLoader() {
        var durations = new SimpleModule("samtal-durations").addDeserializer(Duration.class, new DurationParser());
        this.yaml = YAMLMapper.builder()
                .addModule(new JavaTimeModule())
                .addModule(durations)
                .addModule(new ChatValuesModule())
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
                .build();
    }

    /** Reads {@code file}, applies the environment, validates. */
    public SamtalConfig load(Path file, Map<String, String> env) {
        JsonNode tree;
        try {
            tree = yaml.readTree(Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            throw new ConfigException("--config: no such file: " + file);
        } catch (JsonProcessingException e) {
            var at = e.getLocation();
            throw new ConfigException(file + (at != null ? " line " + at.getLineNr() : "") + ": not valid YAML ("
                    + e.getOriginalMessage() + ")");
        } catch (IOException e) {
            throw new ConfigException("--config: cannot read " + file + ": " + e.getMessage());
        }
        if (tree == null || tree.isMissingNode() || tree.isNull()) {
            tree = JsonNodeFactory.instance.objectNode();
        }
        if (!tree.isObject()) {
            throw new ConfigException(file + ": the top level must be a mapping of keys");
        }
        return bind((ObjectNode) tree, env);
    }

    /** Binds an already-built tree (used for demo mode), with environment overrides. */
    public SamtalConfig bind(ObjectNode tree, Map<String, String> env) {
        ObjectNode copy = tree.deepCopy();
        applyEnvironment(copy, env);
        SamtalConfig config;
        try {
            config = yaml.treeToValue(copy, SamtalConfig.class);
        } catch (UnrecognizedPropertyException e) {
            throw new ConfigException(pathOf(e) + ": unknown key");
        } catch (JsonMappingException e) {
            throw new ConfigException(pathOf(e) + ": " + reasonOf(e));
        } catch (JsonProcessingException e) {
            throw new ConfigException("configuration: " + e.getOriginalMessage());
        }
        if (config == null) {
            throw new ConfigException("configuration: empty");
        }
        return config.validated();
    }

    /** Why a value was rejected, without echoing the value (it may be a secret). */
    private static String reasonOf(JsonMappingException e) {
        if (e.getCause() instanceof IllegalArgumentException iae && iae.getMessage() != null) {
            return iae.getMessage();
        }
        if (e instanceof InvalidFormatException ife && ife.getTargetType() == Duration.class) {
            String message = ife.getOriginalMessage();
            return message.substring(message.lastIndexOf(": ") + 2);
        }
        if (e instanceof MismatchedInputException mie && mie.getTargetType() != null) {
            return "has an invalid value (expected " + describe(mie.getTargetType()) + ")";
        }
        return "has an invalid value";
    }

    private static String describe(Class<?> type) {
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
            return "a whole number";
        } else if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        } else if (List.class.isAssignableFrom(type)) {
            return "a list";
        } else if (type == String.class || type == Path.class) {
            return "text";
        } else if (type == Duration.class) {
            return "a duration such as 10s or 5m";
        } else if (type.isRecord()) {
            return "a mapping of keys";
        }
        return "a " + type.getSimpleName();
    }

    private static String pathOf(JsonMappingException e) {
        var sb = new StringBuilder();
        for (var ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (!sb.isEmpty()) {
                    sb.append('.');
                }
                sb.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                sb.append('[').append(ref.getIndex()).append(']');
            }
        }
        return sb.isEmpty() ? "configuration" : sb.toString();
    }

    static void applyEnvironment(ObjectNode root, Map<String, String> env) {
        var sorted = new TreeMap<>(env);
        for (var entry : sorted.entrySet()) {
            String name = entry.getKey();
            if (!name.startsWith("SAMTAL_") || RESERVED.contains(name)) {
                continue;
            }
            List<String> path = new ArrayList<>();
            for (String segment : name.substring("SAMTAL_".length()).split("__")) {
                path.add(segment.chars().allMatch(Character::isDigit) ? segment : camel(segment));
            }
            set(root, path, entry.getValue(), name);
        }
    }

    private static void set(ObjectNode root, List<String> path, String value, String variable) {
        JsonNode node = root;
        for (int i = 0; i < path.size(); i++) {
            String segment = path.get(i);
            boolean last = i == path.size() - 1;
            boolean nextIsIndex = !last && path.get(i + 1).chars().allMatch(Character::isDigit);
            if (node instanceof ObjectNode object) {
                if (last) {
                    object.set(segment, TextNode.valueOf(value));
                } else {
                    JsonNode child = object.get(segment);
                    if (child == null || child.isNull() || !child.isContainerNode()) {
                        child = nextIsIndex ? object.putArray(segment) : object.putObject(segment);
                    }
                    node = child;
                }
            } else if (node instanceof ArrayNode array) {
                int index = Integer.parseInt(segment);
                if (index > array.size()) {
                    throw new ConfigException(variable + ": index " + index + " skips list entries (the list has "
                            + array.size() + ")");
                }
                if (last) {
                    if (index == array.size()) {
                        array.add(value);
                    } else {
                        array.set(index, TextNode.valueOf(value));
                    }
                } else {
                    JsonNode child = index < array.size() ? array.get(index) : null;
                    if (child == null || !child.isContainerNode()) {
                        child = nextIsIndex ? JsonNodeFactory.instance.arrayNode() : JsonNodeFactory.instance.objectNode();
                        if (index == array.size()) {
                            array.add(child);
                        } else {
                            array.set(index, child);
                        }
                    }
                    node = child;
                }
            } else {
                throw new ConfigException(variable + ": does not name a configuration key");
            }
        }
    }

    /** {@code BIND_ADDRESS} → {@code bindAddress}. */
    static String camel(String upperSnake) {
        var sb = new StringBuilder();
        boolean upperNext = false;
        for (char c : upperSnake.toLowerCase(java.util.Locale.ROOT).toCharArray()) {
            if (c == '_') {
                upperNext = true;
            } else {
                sb.append(upperNext ? Character.toUpperCase(c) : c);
                upperNext = false;
            }
        }
        return sb.toString();
    }
}
