package dev.faas.starter.api3;

import java.util.Map;
import java.util.Set;

/**
 * The API 3.0 actions of one feature. {@link Api3Controller} routes each action to the bean that names it; the answer
 * is the action's response fields without {@code RequestId}.
 */
public interface Api3Actions {
    Set<String> actions();

    Map<String, ?> call(String action, Api3Request request);
}
