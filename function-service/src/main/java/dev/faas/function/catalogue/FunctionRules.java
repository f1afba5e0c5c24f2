package dev.faas.function.catalogue;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import dev.faas.contracts.error.ScfError;
import dev.faas.function.Descriptions;

/**
 * The configuration rules of a function (spec part 1 §1, §2.2, §2.5, §2.6; runtime spec §1.5), each refusal with its
 * SCF code. Plain Java, table-tested.
 */
final class FunctionRules {
    static final String TYPE_WEB = "HTTP";
    static final String TYPE_EVENT = "Event";
    static final int DEFAULT_MEMORY_MB = 128;
    static final int DEFAULT_TIMEOUT_S = 3;
    static final int DEFAULT_INIT_TIMEOUT_S = 60;
    static final int MAX_ENVIRONMENT_BYTES = 4096;

    private static final Pattern FUNCTION_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_-]{0,58}[A-Za-z0-9]");
    private static final Pattern NAMESPACE_NAME = Pattern.compile("[A-Za-z0-9_-]{1,30}");
    private static final Pattern ENV_KEY = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,63}");
    private static final List<String> RESERVED_ENV_PREFIXES = List.of("SCF_", "QCLOUD_", "TENCENTCLOUD_");

    private FunctionRules() {
    }

    record Refusal(ScfError error, String message) {
    }

    static Optional<Refusal> checkNamespace(String namespace) {
        if (namespace == null || !NAMESPACE_NAME.matcher(namespace).matches()) {
            return refuse(ScfError.INVALID_NAMESPACE, "Namespace must be 1-30 letters, digits, '-' or '_'.");
        }
        return Optional.empty();
    }

    static Optional<Refusal> checkCreate(String namespace, CreateFunctionRequest r) {
        return checkNamespace(namespace)
                .or(() -> checkName(namespace, r.functionName()))
                .or(() -> checkType(r.type()))
                .or(() -> checkMemory(r.memorySize()))
                .or(() -> checkRange(r.timeout(), 1, 900, ScfError.INVALID_TIMEOUT))
                .or(() -> checkRange(r.initTimeout(), 3, 300, ScfError.INVALID_INIT_TIMEOUT))
                .or(() -> checkDescription(r.description()))
                .or(() -> checkRuntime(r.runtime()))
                .or(() -> checkEnvironment(r.environment() == null ? null : r.environment().variables()));
    }

    static Optional<Refusal> checkName(String namespace, String name) {
        if (name == null || name.isEmpty()) {
            return refuse(ScfError.MISSING_PARAMETER, "FunctionName is required.");
        }
        if (!FUNCTION_NAME.matcher(name).matches()) {
            return refuse(ScfError.INVALID_FUNCTION_NAME,
                    "FunctionName must be 2-60 characters of letters, digits, '-' and '_', start with a letter and end with a letter or digit.");
        }
        if (namespace.length() + name.length() > 118) {
            return refuse(ScfError.INVALID_FUNCTION_NAME, "Namespace and function name together may not exceed 118 characters.");
        }
        return Optional.empty();
    }

    static Optional<Refusal> checkType(String type) {
        if (type == null || type.equals(TYPE_WEB)) {
            return type == null ? refuse(ScfError.INVALID_TYPE, "Type is required: HTTP for a web function.") : Optional.empty();
        }
        if (type.equals(TYPE_EVENT)) {
            // TODO(#3) event functions arrive with the runtime shims; until then only web functions are served
            return refuse(ScfError.INVALID_TYPE, "Event functions are not served yet; use Type HTTP (web function).");
        }
        return refuse(ScfError.INVALID_TYPE, "Type must be HTTP or Event.");
    }

    static Optional<Refusal> checkMemory(Integer memory) {
        if (memory == null) {
            return Optional.empty();
        }
        boolean valid = memory == 64 || (memory >= 128 && memory <= 3072 && memory % 128 == 0);
        return valid ? Optional.empty() : refuse(ScfError.INVALID_MEMORY_SIZE, null);
    }

    static Optional<Refusal> checkRange(Integer value, int min, int max, ScfError error) {
        if (value == null || (value >= min && value <= max)) {
            return Optional.empty();
        }
        return refuse(error, null);
    }

    static Optional<Refusal> checkDescription(String description) {
        return Descriptions.problem(description).map(problem -> new Refusal(ScfError.INVALID_DESCRIPTION, problem));
    }

    static Optional<Refusal> checkRuntime(String runtime) {
        if (runtime == null || runtime.matches("[A-Za-z][A-Za-z0-9.]{0,31}")) {
            return Optional.empty();
        }
        return refuse(ScfError.INVALID_RUNTIME, null);
    }

    static Optional<Refusal> checkEnvironment(List<EnvVariable> variables) {
        if (variables == null) {
            return Optional.empty();
        }
        Set<String> keys = new HashSet<>();
        int bytes = 0;
        for (EnvVariable v : variables) {
            if (v == null || v.key() == null || !ENV_KEY.matcher(v.key()).matches()) {
                return refuse(ScfError.INVALID_ENVIRONMENT,
                        "Variable keys must start with a letter and hold only letters, digits and '_' (at most 64).");
            }
            for (String prefix : RESERVED_ENV_PREFIXES) {
                if (v.key().toUpperCase(java.util.Locale.ROOT).startsWith(prefix)) {
                    return refuse(ScfError.ENVIRONMENT_SYSTEM_PROTECT, "Variable " + v.key() + " uses the reserved prefix " + prefix + ".");
                }
            }
            if (!keys.add(v.key())) {
                return refuse(ScfError.INVALID_ENVIRONMENT, "Variable " + v.key() + " is given twice.");
            }
            String value = v.value() == null ? "" : v.value();
            bytes += v.key().getBytes(StandardCharsets.UTF_8).length + value.getBytes(StandardCharsets.UTF_8).length;
        }
        if (bytes > MAX_ENVIRONMENT_BYTES) {
            return refuse(ScfError.ENVIRONMENT_EXCEEDED_LIMIT, null);
        }
        return Optional.empty();
    }

    private static Optional<Refusal> refuse(ScfError error, String message) {
        return Optional.of(new Refusal(error, message == null ? error.defaultMessage() : message));
    }
}
