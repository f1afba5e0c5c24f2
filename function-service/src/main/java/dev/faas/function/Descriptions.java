package dev.faas.function;

import java.util.Optional;

/**
 * The rule for descriptions of functions, versions, aliases and namespaces (spec part 1 §1): up to 1000 characters of
 * letters, digits, spaces, commas and full stops (Chinese ones included).
 */
public final class Descriptions {
    private Descriptions() {
    }

    /** Why a description is refused, or empty when it is fine (null means "not given" and is fine). */
    public static Optional<String> problem(String description) {
        if (description == null) {
            return Optional.empty();
        }
        if (description.length() > 1000) {
            return Optional.of("Description may not exceed 1000 characters.");
        }
        for (int i = 0; i < description.length(); i++) {
            char c = description.charAt(i);
            if (!(Character.isLetterOrDigit(c) || c == ' ' || c == ',' || c == '.' || c == '，' || c == '。')) {
                return Optional.of("Description may hold letters, digits, spaces, commas and full stops only.");
            }
        }
        return Optional.empty();
    }
}
