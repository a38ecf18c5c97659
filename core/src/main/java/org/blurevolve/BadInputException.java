package org.blurevolve;

import java.util.List;

/**
 * The one family of user-input problems: a bad experiment, data, genome, population or checkpoint
 * file, or a bad command-line value. Every problem names the file (or flag), the key and the value,
 * and says the fix. The command line prints the problems without a stack trace and exits with code 2.
 */
public class BadInputException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final List<String> problems;

    public BadInputException(List<String> problems) {
        super(String.join("\n", problems));
        this.problems = List.copyOf(problems);
    }

    public BadInputException(String problem) {
        this(List.of(problem));
    }

    public BadInputException(String problem, Throwable cause) {
        super(problem, cause);
        this.problems = List.of(problem);
    }

    /** Every problem found, one line each. */
    public List<String> problems() {
        return problems;
    }
}
