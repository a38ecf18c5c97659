package org.blurevolve.driver.config;

import java.util.List;
import org.blurevolve.BadInputException;

/** An experiment file (or its {@code --set} overrides) that cannot run: every problem, each naming file, key and value. */
public final class ExperimentException extends BadInputException {
    private static final long serialVersionUID = 1L;

    public ExperimentException(List<String> problems) {
        super(problems);
    }

    public ExperimentException(String problem) {
        super(problem);
    }
}
