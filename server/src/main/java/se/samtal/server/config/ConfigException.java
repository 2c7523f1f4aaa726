package se.samtal.server.config;

import java.util.List;

/** Configuration that cannot be used. The message names every bad key. */
public final class ConfigException extends RuntimeException {
    private final List<String> problems;

    public ConfigException(List<String> problems) {
        super("Invalid configuration:\n  - " + String.join("\n  - ", problems));
        this.problems = List.copyOf(problems);
    }

    public ConfigException(String problem) {
        this(List.of(problem));
    }

    /** One line per problem, each starting with the key it is about. */
    public List<String> problems() {
        return problems;
    }
}
