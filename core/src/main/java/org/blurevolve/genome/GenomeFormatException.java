package org.blurevolve.genome;

/** A genome or population file that cannot be used; the message names the file and the key. */
public class GenomeFormatException extends org.blurevolve.BadInputException {
    private static final long serialVersionUID = 1L;

    public GenomeFormatException(String message) {
        super(message);
    }

    public GenomeFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
