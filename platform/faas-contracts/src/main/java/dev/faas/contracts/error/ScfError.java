package dev.faas.contracts.error;

/**
 * The catalogue of management-API errors: the SCF API 3.0 {@code Error.Code}, the HTTP status the REST API answers
 * with, and a default message. API 3.0 always answers HTTP 200 with the code inside the envelope
 * (scf-api3-wire.md §5); the REST API uses {@link #httpStatus()}.
 *
 * <p>Invocation outcomes (405, 446, 432 ...) are a different family: see {@link FunctionStatus}.
 */
public enum ScfError {
    INVALID_PARAMETER("InvalidParameter", 400, "A parameter is malformed."),
    INVALID_PARAMETER_PAYLOAD("InvalidParameter.Payload", 400, "The request body is not valid JSON."),
    INVALID_PARAMETER_VALUE("InvalidParameterValue", 400, "A parameter has an invalid value."),
    INVALID_FUNCTION_NAME("InvalidParameterValue.FunctionName", 400, "The function name is invalid."),
    INVALID_NAMESPACE("InvalidParameterValue.Namespace", 400, "The namespace name is invalid."),
    INVALID_DEFAULT_NAMESPACE("InvalidParameterValue.DefaultNamespace", 400, "The default namespace always exists and cannot be created or changed."),
    INVALID_ORDER("InvalidParameterValue.Order", 400, "Order must be ASC or DESC."),
    INVALID_ORDER_BY("InvalidParameterValue.OrderBy", 400, "The sort field is invalid."),
    INVALID_SEARCH_KEY("InvalidParameterValue.SearchKey", 400, "The search key is invalid."),
    INVALID_TYPE("InvalidParameterValue.Type", 400, "The function type is invalid."),
    INVALID_RUNTIME("InvalidParameterValue.Runtime", 400, "The runtime is invalid."),
    INVALID_HANDLER("InvalidParameterValue.Handler", 400, "The handler is invalid."),
    INVALID_MEMORY_SIZE("InvalidParameterValue.MemorySize", 400, "MemorySize must be 64, or 128 to 3072 in steps of 128."),
    INVALID_TIMEOUT("InvalidParameterValue.Timeout", 400, "Timeout must be 1 to 900 seconds."),
    INVALID_INIT_TIMEOUT("InvalidParameterValue.InitTimeout", 400, "InitTimeout must be 3 to 300 seconds."),
    INVALID_DESCRIPTION("InvalidParameterValue.Description", 400, "The description is invalid."),
    INVALID_ENVIRONMENT("InvalidParameterValue.Environment", 400, "The environment variables are invalid."),
    ENVIRONMENT_EXCEEDED_LIMIT("InvalidParameterValue.EnvironmentExceededLimit", 400, "The environment variables exceed 4 KB."),
    ENVIRONMENT_SYSTEM_PROTECT("InvalidParameterValue.EnvironmentSystemProtect", 400, "The environment variable name is reserved."),
    INVALID_CODE("InvalidParameterValue.Code", 400, "The code is invalid."),
    INVALID_CODE_SOURCE("InvalidParameterValue.CodeSource", 400, "CodeSource is invalid."),
    INVALID_CLS("InvalidParameterValue.Cls", 400, "The log topic configuration is invalid."),
    INVALID_LAYERS("InvalidParameterValue.Layers", 400, "The layer bindings are invalid."),
    INVALID_LAYER_NAME("InvalidParameterValue.LayerName", 400, "The layer name is invalid."),
    INVALID_COMPATIBLE_RUNTIMES("InvalidParameterValue.CompatibleRuntimes", 400, "CompatibleRuntimes must name 1 to 5 runtimes."),
    INVALID_CONTENT("InvalidParameterValue.Content", 400, "The layer content is invalid."),
    INVALID_DEAD_LETTER_CONFIG("InvalidParameterValue.DeadLetterConfig", 400, "The dead-letter configuration is invalid."),
    INVALID_PUBLIC_NET_CONFIG("InvalidParameterValue.PublicNetConfig", 400, "The public network configuration is invalid."),
    INVALID_EIP_CONFIG("InvalidParameterValue.EipConfig", 400, "The fixed egress IP configuration is invalid."),
    INVALID_CFS("InvalidParameterValue.CfsParameterError", 400, "The file-system mounts are invalid."),
    INVALID_LOCAL_MOUNT_DIR("InvalidParameterValue.LocalMountDir", 400, "The local mount directory is invalid."),
    INVALID_TRACE_ENABLE("InvalidParameterValue.TraceEnable", 400, "TraceEnable must be TRUE or FALSE, and TRUE needs AsyncRunEnable TRUE."),
    INVALID_PROTOCOL_TYPE("InvalidParameterValue.ProtocolType", 400, "ProtocolType must be WS, for web functions only."),
    INVALID_WS_PARAMS("InvalidParameterValue.WebSocketsParams", 400, "ProtocolParams need ProtocolType WS."),
    INVALID_IDLE_TIMEOUT("InvalidParameterValue.IdleTimeOut", 400, "WSParams.IdleTimeOut must be 10 to 7200 seconds."),
    INVALID_DNS("InvalidParameterValue.DnsInfo", 400, "DnsCache must be TRUE or FALSE."),
    INVALID_FILTERS("InvalidParameterValue.Filters", 400, "The filters are invalid."),
    INVALID_ALIAS("InvalidParameterValue.Alias", 400, "The alias cannot be changed this way."),
    INVALID_NAME("InvalidParameterValue.Name", 400, "The alias name is invalid."),
    INVALID_ROUTING_CONFIG("InvalidParameterValue.RoutingConfig", 400, "The routing configuration is invalid."),
    INVALID_PROVISION_TRIGGER_NAME("InvalidParameterValue.ProvisionTriggerName", 400, "The scheduled action's name is invalid."),
    PROVISION_TRIGGER_NAME_DUPLICATE("InvalidParameterValue.ProvisionTriggerNameDuplicate", 400, "Two scheduled actions have one name."),
    PROVISION_TRIGGER_CRON_DUPLICATE("InvalidParameterValue.ProvisionTriggerCronConfigDuplicate", 400, "Two scheduled actions fire at the same times."),
    INVALID_PROVISION_TYPE("InvalidParameterValue.ProvisionType", 400, "ProvisionedType is invalid."),
    INVALID_TRIGGER_CRON("InvalidParameterValue.TriggerCronConfig", 400, "The cron expression is invalid."),
    INVALID_TRIGGER_PROVISIONED_NUM("InvalidParameterValue.TriggerProvisionedConcurrencyNum", 400, "The scheduled number is invalid."),
    INVALID_TRIGGER_NAME("InvalidParameterValue.TriggerName", 400, "The trigger name is invalid."),
    INVALID_TRIGGER_DESC("InvalidParameterValue.TriggerDesc", 400, "The trigger description is invalid."),
    INVALID_ENABLE("InvalidParameterValue.Enable", 400, "Enable must be OPEN or CLOSE."),
    INVALID_ZIP_FILE("InvalidParameterValue.ZipFile", 400, "The code package is not a valid zip file."),
    INVALID_ZIP_BASE64("InvalidParameterValue.ZipFileBase64BinasciiError", 400, "Code.ZipFile is not valid base64."),
    INVALID_QUALIFIER("InvalidParameterValue.Qualifier", 400, "The qualifier is invalid."),
    INVALID_OFFSET("InvalidParameterValue.Offset", 400, "Offset is invalid."),
    INVALID_LIMIT("InvalidParameterValue.Limit", 400, "Limit is invalid."),
    MISSING_PARAMETER("MissingParameter", 400, "A required parameter is missing."),
    MISSING_CODE("MissingParameter.Code", 400, "Code is required."),
    MISSING_RUNTIME("MissingParameter.Runtime", 400, "Runtime is required."),
    UNKNOWN_PARAMETER("UnknownParameter", 400, "An unknown parameter was given."),
    LIMIT_EXCEEDED("LimitExceeded", 400, "A quota is exhausted."),
    LIMIT_EXCEEDED_FUNCTION("LimitExceeded.Function", 400, "The namespace already holds the maximum number of functions."),
    LIMIT_EXCEEDED_NAMESPACE("LimitExceeded.Namespace", 400, "The maximum number of namespaces is reached."),
    LIMIT_EXCEEDED_VERSION("LimitExceeded.Version", 400, "The function already has the maximum number of versions."),
    LIMIT_EXCEEDED_CODE_SIZE("LimitExceeded.CodeSize", 400, "The code package exceeds the size limit."),
    LIMIT_EXCEEDED_ALIAS("LimitExceeded.Alias", 400, "The function has too many aliases."),
    LIMIT_EXCEEDED_LAYERS("LimitExceeded.Layers", 400, "The region has too many layers."),
    LIMIT_EXCEEDED_LAYER_VERSIONS("LimitExceeded.LayerVersions", 400, "The layer has too many versions."),
    LIMIT_EXCEEDED_RESERVED_CONCURRENCY("LimitExceeded.FunctionReservedConcurrencyMemory", 400, "The reservation is more than the region can spare."),
    LIMIT_EXCEEDED_TOTAL_CONCURRENCY("LimitExceeded.TotalConcurrencyMemory", 400, "The region pool cannot be that small."),
    LIMIT_EXCEEDED_TOTAL_PROVISIONED("LimitExceeded.FunctionTotalProvisionedConcurrencyMemory", 400, "Provisioned concurrency would pass the region's pool."),
    LIMIT_EXCEEDED_PROVISION_ACTIONS("LimitExceeded.ProvisionTriggerAction", 400, "Too many scheduled provisioning actions."),
    LIMIT_EXCEEDED_TRIGGER("LimitExceeded.Trigger", 400, "The function has too many triggers of this type."),
    REQUEST_SIZE_LIMIT_EXCEEDED("RequestSizeLimitExceeded", 413, "The request is too large."),
    RESOURCE_NOT_FOUND("ResourceNotFound", 404, "The resource does not exist."),
    FUNCTION_NOT_FOUND("ResourceNotFound.Function", 404, "The function does not exist."),
    NAMESPACE_NOT_FOUND("ResourceNotFound.Namespace", 404, "The namespace does not exist."),
    VERSION_NOT_FOUND("ResourceNotFound.Version", 404, "The version does not exist."),
    CODE_NOT_FOUND("ResourceNotFound.Code", 404, "The code package does not exist."),
    ALIAS_NOT_FOUND("ResourceNotFound.Alias", 404, "The alias does not exist."),
    LAYER_NOT_FOUND("ResourceNotFound.Layer", 404, "The layer does not exist."),
    LAYER_VERSION_NOT_FOUND("ResourceNotFound.LayerVersion", 404, "The layer version does not exist."),
    TRIGGER_NOT_FOUND("ResourceNotFound.Trigger", 404, "The trigger does not exist."),
    RESOURCE_IN_USE("ResourceInUse", 409, "The resource is in use."),
    ALIAS_IN_USE("ResourceInUse.Alias", 409, "An alias of that name exists."),
    LAYER_VERSION_IN_USE("ResourceInUse.LayerVersion", 409, "The layer version is bound to functions."),
    TRIGGER_IN_USE("ResourceInUse.Trigger", 409, "A trigger of that name exists."),
    FUNCTION_IN_USE("ResourceInUse.Function", 409, "A function with this name already exists."),
    NAMESPACE_IN_USE("ResourceInUse.Namespace", 409, "The namespace exists already, or still holds functions."),
    FAILED_DELETE_NAMESPACE("FailedOperation.DeleteNamespace", 409, "The default namespace cannot be deleted."),
    FUNCTION_STATUS_ERROR("FailedOperation.FunctionStatusError", 409, "The function is being changed; retry when it is Active."),
    FAILED_OPERATION("FailedOperation", 409, "The operation failed."),
    UNSUPPORTED_OPERATION("UnsupportedOperation", 400, "The operation is not supported."),
    UNSUPPORTED_TRIGGER("UnsupportedOperation.Trigger", 400, "This trigger is not served."),
    UNSUPPORTED_COS("UnsupportedOperation.Cos", 400, "Code from object storage is not served; send Code.ZipFile."),
    ALIAS_BIND("UnsupportedOperation.AliasBind", 409, "The version is used by an alias."),
    FAILED_COPY("FailedOperation.CopyFunction", 409, "The function cannot be copied."),
    UNSUPPORTED_PROTOCOL("UnsupportedProtocol", 405, "The HTTP method is not supported."),
    INVALID_ACTION("InvalidAction", 400, "The action does not exist."),
    NO_SUCH_VERSION("NoSuchVersion", 400, "The API version does not exist; use 2018-04-16."),
    AUTH_INVALID_AUTHORIZATION("AuthFailure.InvalidAuthorization", 401, "The Authorization header is missing or malformed."),
    AUTH_SECRET_ID_NOT_FOUND("AuthFailure.SecretIdNotFound", 401, "The SecretId does not exist or is disabled."),
    AUTH_SIGNATURE_EXPIRE("AuthFailure.SignatureExpire", 401, "The request timestamp is more than 5 minutes from the server time."),
    AUTH_SIGNATURE_FAILURE("AuthFailure.SignatureFailure", 401, "The signature does not match."),
    AUTH_TOKEN_FAILURE("AuthFailure.TokenFailure", 401, "The session token is invalid or expired."),
    AUTH_UNAUTHORIZED_OPERATION("AuthFailure.UnauthorizedOperation", 403, "The key is not allowed to perform this action."),
    SERVICE_UNAVAILABLE("ServiceUnavailable", 503, "The service is temporarily unavailable."),
    INTERNAL_ERROR("InternalError", 500, "An internal error occurred.");

    private final String code;
    private final int httpStatus;
    private final String defaultMessage;

    ScfError(String code, int httpStatus, String defaultMessage) {
        this.code = code;
        this.httpStatus = httpStatus;
        this.defaultMessage = defaultMessage;
    }

    /** The API 3.0 error code, e.g. {@code InvalidParameterValue.ZipFile}. */
    public String code() {
        return code;
    }

    public int httpStatus() {
        return httpStatus;
    }

    public String defaultMessage() {
        return defaultMessage;
    }

    /** The catalogue entry for an API 3.0 code, or {@link #INTERNAL_ERROR} when the code is unknown here. */
    public static ScfError ofCode(String code) {
        for (ScfError e : values()) {
            if (e.code.equals(code)) {
                return e;
            }
        }
        return INTERNAL_ERROR;
    }
}
