package dev.faas.function.layer;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.faas.contracts.api.ScfTime;

/** One immutable version of a layer: a zip unpacked under /opt of the functions that bind it. */
public record LayerVersionRecord(String layerName, int version, String description, String licenseInfo,
                                 List<String> compatibleRuntimes, String codeSha256, long codeSize, long unpackedSize,
                                 Instant createdAt) {

    /** SCF's {@code LayerVersionInfo}. */
    public Map<String, Object> info() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("LayerName", layerName);
        m.put("LayerVersion", version);
        m.put("CompatibleRuntimes", compatibleRuntimes);
        m.put("Description", description);
        m.put("LicenseInfo", licenseInfo);
        m.put("AddTime", ScfTime.format(createdAt));
        m.put("Status", "Active");
        return m;
    }
}
