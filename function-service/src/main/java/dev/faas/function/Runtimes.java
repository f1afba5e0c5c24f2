package dev.faas.function;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The runtime catalogue (spec part 1 §3.2, runtime spec §3): each SCF runtime id, its language family, and the
 * handler rule of that family (§3.3): {@code file.func} for Python, Node.js and PHP (the file, without its
 * extension, at the package root or below it), {@code package.Class::method} for Java, the binary name for Go, free
 * form for Custom Runtime. Ids are matched without regard to case and stored as spelt here.
 */
public final class Runtimes {
    public enum Family {
        PYTHON(".py"), NODEJS(".js"), PHP(".php"), JAVA(null), GO(""), CUSTOM(null);

        private final String extension;

        Family(String extension) {
            this.extension = extension;
        }
    }

    private static final Pattern FILE_FUNC = Pattern.compile("((?:[A-Za-z0-9_-]+/)*[A-Za-z0-9_-]+)\\.([A-Za-z_$][A-Za-z0-9_$]*)");
    private static final Pattern JAVA = Pattern.compile("(?:[A-Za-z_$][A-Za-z0-9_$]*\\.)*[A-Za-z_$][A-Za-z0-9_$]*::[A-Za-z_$][A-Za-z0-9_$]*");
    private static final Pattern GO_BINARY = Pattern.compile("[A-Za-z0-9_-]+");
    public static final int MAX_HANDLER_LENGTH = 128;

    private static final Map<String, Family> CATALOGUE = new LinkedHashMap<>();

    static {
        for (String v : new String[] {"2.7", "3.6", "3.7", "3.9", "3.10", "3.11", "3.12"}) {
            CATALOGUE.put("Python" + v, Family.PYTHON);
        }
        for (String v : new String[] {"6.10", "8.9", "10.15", "12.16", "14.18", "16.13", "18.15", "20.18", "22.12"}) {
            CATALOGUE.put("Nodejs" + v, Family.NODEJS);
        }
        for (String v : new String[] {"5", "7", "7.2", "7.4", "8.0"}) {
            CATALOGUE.put("Php" + v, Family.PHP);
        }
        CATALOGUE.put("Java8", Family.JAVA);
        CATALOGUE.put("Java11", Family.JAVA);
        CATALOGUE.put("Java17", Family.JAVA);
        CATALOGUE.put("Java21", Family.JAVA);
        CATALOGUE.put("Go1", Family.GO);
        CATALOGUE.put("Golang1", Family.GO);
        CATALOGUE.put("CustomRuntime", Family.CUSTOM);
    }

    public static final String DEFAULT_EVENT_RUNTIME = "Python3.6";

    private Runtimes() {
    }

    /** The runtime id as the catalogue spells it, or empty when it is not a runtime. */
    public static Optional<String> canonical(String runtime) {
        if (runtime == null) {
            return Optional.empty();
        }
        String lower = runtime.toLowerCase(Locale.ROOT);
        return CATALOGUE.keySet().stream().filter(id -> id.toLowerCase(Locale.ROOT).equals(lower)).findFirst();
    }

    public static Family family(String canonicalRuntime) {
        return CATALOGUE.get(canonicalRuntime);
    }

    public static Iterable<String> ids() {
        return CATALOGUE.keySet();
    }

    /** Whether the handler has the shape the runtime's family needs. */
    public static boolean handlerFits(Family family, String handler) {
        if (handler.length() > MAX_HANDLER_LENGTH || handler.isBlank()) {
            return false;
        }
        return switch (family) {
            case PYTHON, NODEJS, PHP -> FILE_FUNC.matcher(handler).matches();
            case JAVA -> JAVA.matcher(handler).matches();
            case GO -> GO_BINARY.matcher(handler).matches();
            case CUSTOM -> handler.chars().noneMatch(Character::isISOControl);
        };
    }

    public static String handlerRule(Family family) {
        return switch (family) {
            case PYTHON, NODEJS, PHP -> "file.function, such as index.main_handler";
            case JAVA -> "package.Class::method, such as example.Hello::mainHandler";
            case GO -> "the name of the binary, such as main";
            case CUSTOM -> "any text without control characters";
        };
    }

    /**
     * The file an event function's package must hold for its handler (the entry file at the path the handler names),
     * or null when the runtime has no such rule (Java: a class inside a jar).
     */
    public static String entryFile(Family family, String handler) {
        return switch (family) {
            case PYTHON, NODEJS, PHP -> {
                var m = FILE_FUNC.matcher(handler);
                yield m.matches() ? m.group(1) + family.extension : null;
            }
            case GO -> handler;
            case CUSTOM -> "bootstrap";
            case JAVA -> null;
        };
    }
}
