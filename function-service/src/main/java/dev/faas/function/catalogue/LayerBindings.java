package dev.faas.function.catalogue;

import java.util.List;

import org.springframework.stereotype.Component;

import dev.faas.contracts.error.ScfError;
import dev.faas.function.layer.LayerCatalogue;
import dev.faas.function.layer.LayerVersionRecord;
import dev.faas.starter.ScfException;

/**
 * Checks a function's layer bindings against the layers that exist: each version published, and compatible with the
 * function's runtime (spec part 2 §8.2: an incompatible binding is refused). Answers the unpacked bytes the layers
 * add, which count with the code against the 500 MB limit.
 */
@Component
class LayerBindings {
    private final LayerCatalogue layers;

    LayerBindings(LayerCatalogue layers) {
        this.layers = layers;
    }

    long check(List<FunctionConfig.LayerRef> bindings, String runtime) {
        long bytes = 0;
        for (FunctionConfig.LayerRef ref : bindings) {
            LayerVersionRecord v = layers.find(ref.layerName(), ref.layerVersion()).orElseThrow(() -> new ScfException(
                    ScfError.LAYER_VERSION_NOT_FOUND, "Layer " + ref.layerName() + " has no version " + ref.layerVersion() + "."));
            if (runtime != null && !v.compatibleRuntimes().contains(runtime)) {
                throw new ScfException(ScfError.INVALID_LAYERS, "Layer " + ref.layerName() + " version " + ref.layerVersion()
                        + " is for " + String.join(", ", v.compatibleRuntimes()) + ", not " + runtime + ".");
            }
            bytes += v.unpackedSize();
        }
        return bytes;
    }

    List<LayerVersionRecord> resolve(List<FunctionConfig.LayerRef> bindings) {
        return bindings.stream().map(ref -> layers.find(ref.layerName(), ref.layerVersion()).orElse(null))
                .filter(java.util.Objects::nonNull).toList();
    }
}
