package org.blurevolve.driver.config;

import java.util.List;

/**
 * A user mistake in an experiment: every problem found, each naming the file, the key, the value
 * and the fix. The command line prints the message without a stack trace and exits with code 2.
 */
public final class ConfigError extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final List<String> problems;

    public ConfigError(List<String> problems) {
        super(String.join("\n", problems));
        this.problems = List.copyOf(problems);
    }

    public ConfigError(String problem) {
        this(List.of(problem));
    }

    public List<String> problems() {
        return problems;
    }
}
