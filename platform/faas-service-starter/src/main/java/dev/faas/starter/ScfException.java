package dev.faas.starter;

import dev.faas.contracts.error.ScfError;

/**
 * A refusal the edge of a service turns into its SCF error. Thrown only at the edge (controllers and application
 * services); domain code returns outcomes instead.
 */
public class ScfException extends RuntimeException {
    private final ScfError error;

    public ScfException(ScfError error, String message) {
        super(message == null ? error.defaultMessage() : message, null, false, false);
        this.error = error;
    }

    public ScfException(ScfError error) {
        this(error, null);
    }

    public ScfError error() {
        return error;
    }
}
