package org.blurevolve.data;

/** A data file that is missing, truncated or not in the expected format; the message names the file. */
public class DataFormatException extends org.blurevolve.BadInputException {
    private static final long serialVersionUID = 1L;

    public DataFormatException(String message) {
        super(message);
    }

    public DataFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
