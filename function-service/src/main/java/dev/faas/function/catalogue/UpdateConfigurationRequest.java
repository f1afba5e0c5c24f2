package dev.faas.function.catalogue;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * SCF's {@code UpdateFunctionConfiguration}: a partial update, only the fields given change; {@code Environment} and
 * {@code Layers} replace the whole list (an empty list clears it). {@code AsyncRunEnable} is not SCF's but is
 * recognised so that an attempt to switch it is refused rather than silently ignored (it is fixed at creation).
 */
public record UpdateConfigurationRequest(
        @JsonProperty("Description") String description,
        @JsonProperty("MemorySize") Integer memorySize,
        @JsonProperty("Timeout") Integer timeout,
        @JsonProperty("InitTimeout") Integer initTimeout,
        @JsonProperty("Runtime") String runtime,
        @JsonProperty("Environment") CreateFunctionRequest.Environment environment,
        @JsonProperty("Role") String role,
        @JsonProperty("InstallDependency") String installDependency,
        @JsonProperty("ClsLogsetId") String clsLogsetId,
        @JsonProperty("ClsTopicId") String clsTopicId,
        @JsonProperty("VpcConfig") FunctionConfig.VpcConfig vpcConfig,
        @JsonProperty("Layers") List<FunctionConfig.LayerRef> layers,
        @JsonProperty("DeadLetterConfig") FunctionConfig.DeadLetterConfig deadLetterConfig,
        @JsonProperty("PublicNetConfig") FunctionConfig.PublicNetConfig publicNetConfig,
        @JsonProperty("CfsConfig") FunctionConfig.CfsConfig cfsConfig,
        @JsonProperty("ProtocolParams") FunctionConfig.ProtocolParams protocolParams,
        @JsonProperty("InstanceConcurrencyConfig") FunctionConfig.InstanceConcurrencyConfig instanceConcurrencyConfig,
        @JsonProperty("DnsCache") String dnsCache,
        @JsonProperty("AsyncRunEnable") String asyncRunEnable,
        @JsonProperty("TraceEnable") String traceEnable,
        @JsonProperty("Publish") String publish) {

    /** The configuration after this update: each given field replaces the current one. */
    FunctionConfig applyTo(FunctionConfig c) {
        return new FunctionConfig(
                or(role, c.role()), or(installDependency, c.installDependency()), or(clsLogsetId, c.clsLogsetId()),
                or(clsTopicId, c.clsTopicId()), or(vpcConfig, c.vpcConfig()), or(layers, c.layers()),
                or(deadLetterConfig, c.deadLetterConfig()), or(publicNetConfig, c.publicNetConfig()), or(cfsConfig, c.cfsConfig()),
                c.tags(), c.asyncRunEnable(), or(traceEnable, c.traceEnable()), c.protocolType(),
                or(protocolParams, c.protocolParams()), or(instanceConcurrencyConfig, c.instanceConcurrencyConfig()),
                or(dnsCache, c.dnsCache()));
    }

    private static <T> T or(T given, T current) {
        return given != null ? given : current;
    }
}
