package dev.faas.function.catalogue;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The body of a create: SCF's {@code CreateFunction} fields with SCF's names (scf-api3-wire.md §7), plus the newer
 * {@code InstanceConcurrencyConfig} and {@code DnsCache}. Unknown fields are ignored, as SCF-compatible clients send
 * newer ones.
 */
public record CreateFunctionRequest(
        @JsonProperty("FunctionName") String functionName,
        @JsonProperty("Type") String type,
        @JsonProperty("Runtime") String runtime,
        @JsonProperty("Handler") String handler,
        @JsonProperty("Description") String description,
        @JsonProperty("MemorySize") Integer memorySize,
        @JsonProperty("Timeout") Integer timeout,
        @JsonProperty("InitTimeout") Integer initTimeout,
        @JsonProperty("Environment") Environment environment,
        @JsonProperty("Code") Code code,
        @JsonProperty("CodeSource") String codeSource,
        @JsonProperty("Role") String role,
        @JsonProperty("InstallDependency") String installDependency,
        @JsonProperty("ClsLogsetId") String clsLogsetId,
        @JsonProperty("ClsTopicId") String clsTopicId,
        @JsonProperty("VpcConfig") FunctionConfig.VpcConfig vpcConfig,
        @JsonProperty("Layers") List<FunctionConfig.LayerRef> layers,
        @JsonProperty("DeadLetterConfig") FunctionConfig.DeadLetterConfig deadLetterConfig,
        @JsonProperty("PublicNetConfig") FunctionConfig.PublicNetConfig publicNetConfig,
        @JsonProperty("CfsConfig") FunctionConfig.CfsConfig cfsConfig,
        @JsonProperty("Tags") List<FunctionConfig.Tag> tags,
        @JsonProperty("AsyncRunEnable") String asyncRunEnable,
        @JsonProperty("TraceEnable") String traceEnable,
        @JsonProperty("ProtocolType") String protocolType,
        @JsonProperty("ProtocolParams") FunctionConfig.ProtocolParams protocolParams,
        @JsonProperty("InstanceConcurrencyConfig") FunctionConfig.InstanceConcurrencyConfig instanceConcurrencyConfig,
        @JsonProperty("DnsCache") String dnsCache) {

    /** A web function with only the fields most callers send; for tests and the REST examples. */
    static CreateFunctionRequest web(String name, Code code) {
        return new CreateFunctionRequest(name, FunctionRules.TYPE_WEB, null, null, null, null, null, null, null, code, null, null,
                null, null, null, null, null, null, null, null, null, null, null, null, null, null, null);
    }

    /** The type as stored: SCF's default is an event function. */
    String typeOrDefault() {
        return type == null ? FunctionRules.TYPE_EVENT : type;
    }

    List<EnvVariable> variables() {
        return environment == null || environment.variables() == null ? null : environment.variables();
    }

    FunctionConfig config() {
        return new FunctionConfig(role, installDependency, clsLogsetId, clsTopicId, vpcConfig, layers, deadLetterConfig,
                publicNetConfig, cfsConfig, tags, asyncRunEnable, traceEnable, protocolType, protocolParams,
                instanceConcurrencyConfig, dnsCache);
    }

    public record Environment(@JsonProperty("Variables") List<EnvVariable> variables) {
    }

    /**
     * Where the package comes from. Only {@code ZipFile} is served; the object-store, demo and image sources are
     * recognised so that they are refused with a clear message instead of "code missing".
     */
    public record Code(@JsonProperty("ZipFile") String zipFile,
                       @JsonProperty("CosBucketName") String cosBucketName,
                       @JsonProperty("CosObjectName") String cosObjectName,
                       @JsonProperty("DemoId") String demoId,
                       @JsonProperty("TempCosObjectName") String tempCosObjectName,
                       @JsonProperty("ImageConfig") Map<String, Object> imageConfig) {

        public static Code zip(String zipFileBase64) {
            return new Code(zipFileBase64, null, null, null, null, null);
        }
    }
}
