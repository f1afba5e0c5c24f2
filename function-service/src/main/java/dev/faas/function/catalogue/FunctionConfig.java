package dev.faas.function.catalogue;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The configuration of a function beyond its code, memory and timeouts: every further field SCF's
 * {@code CreateFunction} / {@code UpdateFunctionConfiguration} carry, with SCF's names, stored as one JSON document
 * beside the function (and copied into each published version). Fields that only take effect in later work (network,
 * mounts, dead-letter, tracing...) are validated by {@link FunctionRules} and returned by {@code GetFunction} now.
 * Absent fields are null and omitted when stored.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record FunctionConfig(
        @JsonProperty("Role") String role,
        @JsonProperty("InstallDependency") String installDependency,
        @JsonProperty("ClsLogsetId") String clsLogsetId,
        @JsonProperty("ClsTopicId") String clsTopicId,
        @JsonProperty("VpcConfig") VpcConfig vpcConfig,
        @JsonProperty("Layers") List<LayerRef> layers,
        @JsonProperty("DeadLetterConfig") DeadLetterConfig deadLetterConfig,
        @JsonProperty("PublicNetConfig") PublicNetConfig publicNetConfig,
        @JsonProperty("CfsConfig") CfsConfig cfsConfig,
        @JsonProperty("Tags") List<Tag> tags,
        @JsonProperty("AsyncRunEnable") String asyncRunEnable,
        @JsonProperty("TraceEnable") String traceEnable,
        @JsonProperty("ProtocolType") String protocolType,
        @JsonProperty("ProtocolParams") ProtocolParams protocolParams,
        @JsonProperty("InstanceConcurrencyConfig") InstanceConcurrencyConfig instanceConcurrencyConfig,
        @JsonProperty("DnsCache") String dnsCache) {

    static final FunctionConfig EMPTY = new FunctionConfig(null, null, null, null, null, null, null, null, null, null, null, null,
            null, null, null, null);

    List<LayerRef> layersOrEmpty() {
        return layers == null ? List.of() : layers;
    }

    List<Tag> tagsOrEmpty() {
        return tags == null ? List.of() : tags;
    }

    boolean asyncRun() {
        return "TRUE".equals(asyncRunEnable);
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record VpcConfig(@JsonProperty("VpcId") String vpcId, @JsonProperty("SubnetId") String subnetId) {
    }

    /** A layer version bound to the function, in binding order (later layers overwrite earlier ones in /opt). */
    record LayerRef(@JsonProperty("LayerName") String layerName, @JsonProperty("LayerVersion") Long layerVersion) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record DeadLetterConfig(@JsonProperty("Type") String type, @JsonProperty("Name") String name,
                            @JsonProperty("FilterType") String filterType) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record PublicNetConfig(@JsonProperty("PublicNetStatus") String publicNetStatus, @JsonProperty("EipConfig") EipConfig eipConfig) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record EipConfig(@JsonProperty("EipStatus") String eipStatus) {
    }

    record CfsConfig(@JsonProperty("CfsInsList") List<CfsMount> cfsInsList) {
    }

    /** One file-system mount (spec part 2 §12); on this platform a volume claim or host path named by CfsId. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record CfsMount(@JsonProperty("UserId") String userId, @JsonProperty("UserGroupId") String userGroupId,
                    @JsonProperty("CfsId") String cfsId, @JsonProperty("MountInsId") String mountInsId,
                    @JsonProperty("LocalMountDir") String localMountDir, @JsonProperty("RemoteMountDir") String remoteMountDir,
                    @JsonProperty("IpAddress") String ipAddress, @JsonProperty("MountVpcId") String mountVpcId,
                    @JsonProperty("MountSubnetId") String mountSubnetId) {
    }

    record Tag(@JsonProperty("Key") String key, @JsonProperty("Value") String value) {
    }

    record ProtocolParams(@JsonProperty("WSParams") WsParams wsParams) {
    }

    record WsParams(@JsonProperty("IdleTimeOut") Long idleTimeOut) {
    }

    /** Requests an instance serves at once (spec part 1 §7): static {@code MaxConcurrency}, or dynamic. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record InstanceConcurrencyConfig(@JsonProperty("DynamicEnabled") String dynamicEnabled,
                                     @JsonProperty("MaxConcurrency") Long maxConcurrency) {
    }
}
