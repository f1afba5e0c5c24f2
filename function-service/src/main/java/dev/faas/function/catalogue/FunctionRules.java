package dev.faas.function.catalogue;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import dev.faas.contracts.error.ScfError;
import dev.faas.function.Descriptions;
import dev.faas.function.Runtimes;

/**
 * The configuration rules of a function (spec part 1 §1–§3, §7; part 2 §7, §8, §12, §13; runtime spec §1.5), each
 * refusal with its SCF code. A create is checked field by field; an update is checked on the state it would leave,
 * so that a combination (trace without async, a mount without a VPC) is refused however it was reached. Plain Java,
 * table-tested in {@code FunctionRulesTest}.
 */
final class FunctionRules {
    static final String TYPE_WEB = "HTTP";
    static final String TYPE_EVENT = "Event";
    static final int DEFAULT_MEMORY_MB = 128;
    static final int DEFAULT_TIMEOUT_S = 3;
    static final int DEFAULT_INIT_TIMEOUT_S = 60;
    static final int MAX_ENVIRONMENT_BYTES = 4096;
    static final int MAX_TIMEOUT_S = 900;
    /** With async execution the execution timeout may reach 24 hours (spec part 1 §2.6). */
    static final int MAX_ASYNC_TIMEOUT_S = 86_400;
    static final int MAX_LAYERS = 5;
    static final int MAX_TAGS = 50;

    private static final Pattern FUNCTION_NAME = Pattern.compile("[A-Za-z]([A-Za-z0-9_-]*[A-Za-z0-9])?");

    /** The name-length quotas (spec part 1 §2.2): a function name, and namespace plus function name together. */
    record NameLimits(int name, int qualified) {
        static final NameLimits SCF = new NameLimits(60, 118);
    }
    private static final Pattern NAMESPACE_NAME = Pattern.compile("[A-Za-z0-9_-]{1,30}");
    private static final Pattern ENV_KEY = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,63}");
    static final Pattern RESOURCE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}");
    private static final Pattern ROLE = Pattern.compile("[A-Za-z0-9_+=,.@-]{1,128}");
    private static final List<String> RESERVED_ENV_PREFIXES = List.of("SCF_", "QCLOUD_", "TENCENTCLOUD_");
    private static final Set<String> FLAGS = Set.of("TRUE", "FALSE");
    private static final Set<String> NET_STATUS = Set.of("ENABLE", "DISABLE");
    /** SCF's CMQ targets, and the brokers a self-hosted dead-letter queue can be (scf-runtime-and-events.md §5.4). */
    private static final Set<String> DEAD_LETTER_TYPES = Set.of("CMQ-QUEUE", "CMQ-TOPIC", "KAFKA", "AMQP", "NATS", "MQTT");

    private FunctionRules() {
    }

    record Refusal(ScfError error, String message) {
    }

    /** What the rules look at: a function's {@code $LATEST} as a create or an update would leave it. */
    record State(String type, String runtime, String handler, int memoryMb, int timeoutSeconds, int initTimeoutSeconds,
                 List<EnvVariable> environment, FunctionConfig config) {
    }

    static Optional<Refusal> checkNamespace(String namespace) {
        if (namespace == null || !NAMESPACE_NAME.matcher(namespace).matches()) {
            return refuse(ScfError.INVALID_NAMESPACE, "Namespace must be 1-30 letters, digits, '-' or '_'.");
        }
        return Optional.empty();
    }

    /** The rules of a create: the name, the fields as given (ranges, enums, runtime) and the resulting state. */
    static Optional<Refusal> checkCreate(String namespace, CreateFunctionRequest r) {
        return checkCreate(namespace, r, NameLimits.SCF);
    }

    static Optional<Refusal> checkCreate(String namespace, CreateFunctionRequest r, NameLimits limits) {
        return first(
                () -> checkNamespace(namespace),
                () -> checkName(namespace, r.functionName(), limits),
                () -> checkType(r.type()),
                () -> checkRuntime(r.runtime()),
                () -> checkMemory(r.memorySize()),
                () -> checkInitTimeout(r.initTimeout()),
                () -> checkFlag("AsyncRunEnable", r.asyncRunEnable(), ScfError.INVALID_PARAMETER_VALUE),
                () -> checkTimeout(r.timeout(), "TRUE".equals(r.asyncRunEnable())),
                () -> checkDescription(r.description()),
                () -> checkEnvironment(r.variables()),
                () -> checkCodeSource(r.codeSource(), r.code()),
                () -> checkProtocol(r.typeOrDefault(), r.protocolType(), r.protocolParams()),
                () -> checkTags(r.tags()),
                () -> checkState(createdState(r)));
    }

    /** The state a create leaves, with SCF's defaults for what was not given. */
    static State createdState(CreateFunctionRequest r) {
        String type = r.typeOrDefault();
        String runtime = Runtimes.canonical(r.runtime()).orElse(r.runtime() == null && TYPE_EVENT.equals(type)
                ? Runtimes.DEFAULT_EVENT_RUNTIME : r.runtime());
        return new State(type, runtime, TYPE_WEB.equals(type) ? null : r.handler(),
                orDefault(r.memorySize(), DEFAULT_MEMORY_MB), orDefault(r.timeout(), DEFAULT_TIMEOUT_S),
                orDefault(r.initTimeout(), DEFAULT_INIT_TIMEOUT_S),
                r.variables() == null ? List.of() : List.copyOf(r.variables()), r.config());
    }

    /** The rules of an update: the fields given, then the state the update would leave. */
    static Optional<Refusal> checkUpdate(FunctionRecord current, UpdateConfigurationRequest r, State next) {
        return first(
                () -> checkRuntime(r.runtime()),
                () -> checkMemory(r.memorySize()),
                () -> checkInitTimeout(r.initTimeout()),
                () -> r.asyncRunEnable() != null && !r.asyncRunEnable().equals(current.config().asyncRunEnable() == null ? "FALSE" : current.config().asyncRunEnable())
                        ? refuse(ScfError.INVALID_PARAMETER_VALUE, "AsyncRunEnable is chosen at creation and cannot change.") : Optional.empty(),
                () -> checkTimeout(r.timeout(), current.config().asyncRun()),
                () -> checkDescription(r.description()),
                () -> checkEnvironment(r.environment() == null ? null : r.environment().variables()),
                () -> checkProtocol(current.type(), current.config().protocolType(), r.protocolParams()),
                () -> checkFlag("Publish", r.publish(), ScfError.INVALID_PARAMETER_VALUE),
                () -> checkState(next));
    }

    /** Rules over the whole state: handler against runtime, flags, network, mounts, layers, concurrency. */
    static Optional<Refusal> checkState(State s) {
        FunctionConfig c = s.config();
        return first(
                () -> checkHandler(s.type(), s.runtime(), s.handler()),
                () -> checkRole(c.role()),
                () -> checkFlag("InstallDependency", c.installDependency(), ScfError.INVALID_PARAMETER_VALUE),
                () -> checkFlag("DnsCache", c.dnsCache(), ScfError.INVALID_DNS),
                () -> checkTrace(c.traceEnable(), c.asyncRunEnable()),
                () -> checkCls(c.clsLogsetId(), c.clsTopicId()),
                () -> checkVpc(c.vpcConfig()),
                () -> checkPublicNet(c.publicNetConfig()),
                () -> checkDeadLetter(c.deadLetterConfig()),
                () -> checkLayerBindings(c.layers()),
                () -> MountRules.check(c.cfsConfig(), c.vpcConfig()),
                () -> checkInstanceConcurrency(s.type(), c.instanceConcurrencyConfig()));
    }

    static Optional<Refusal> checkName(String namespace, String name) {
        return checkName(namespace, name, NameLimits.SCF);
    }

    static Optional<Refusal> checkName(String namespace, String name, NameLimits limits) {
        if (name == null || name.isEmpty()) {
            return refuse(ScfError.MISSING_PARAMETER, "FunctionName is required.");
        }
        if (name.length() < 2 || name.length() > limits.name() || !FUNCTION_NAME.matcher(name).matches()) {
            return refuse(ScfError.INVALID_FUNCTION_NAME, "FunctionName must be 2-" + limits.name()
                    + " characters of letters, digits, '-' and '_', start with a letter and end with a letter or digit.");
        }
        if (namespace.length() + name.length() > limits.qualified()) {
            return refuse(ScfError.INVALID_FUNCTION_NAME, "Namespace and function name together may not exceed " + limits.qualified() + " characters.");
        }
        return Optional.empty();
    }

    static Optional<Refusal> checkType(String type) {
        if (type == null || type.equals(TYPE_WEB) || type.equals(TYPE_EVENT)) {
            return Optional.empty();
        }
        return refuse(ScfError.INVALID_TYPE, "Type must be Event or HTTP (a web function).");
    }

    static Optional<Refusal> checkMemory(Integer memory) {
        if (memory == null) {
            return Optional.empty();
        }
        boolean valid = memory == 64 || (memory >= 128 && memory <= 3072 && memory % 128 == 0);
        return valid ? Optional.empty() : refuse(ScfError.INVALID_MEMORY_SIZE, null);
    }

    static Optional<Refusal> checkTimeout(Integer timeout, boolean asyncRun) {
        int max = asyncRun ? MAX_ASYNC_TIMEOUT_S : MAX_TIMEOUT_S;
        if (timeout == null || (timeout >= 1 && timeout <= max)) {
            return Optional.empty();
        }
        return refuse(ScfError.INVALID_TIMEOUT, "Timeout must be 1 to " + max + " seconds" + (asyncRun ? " with async execution." : "."));
    }

    static Optional<Refusal> checkInitTimeout(Integer initTimeout) {
        return initTimeout == null || (initTimeout >= 3 && initTimeout <= 300) ? Optional.empty() : refuse(ScfError.INVALID_INIT_TIMEOUT, null);
    }

    static Optional<Refusal> checkDescription(String description) {
        return Descriptions.problem(description).map(problem -> new Refusal(ScfError.INVALID_DESCRIPTION, problem));
    }

    static Optional<Refusal> checkRuntime(String runtime) {
        if (runtime == null || Runtimes.canonical(runtime).isPresent()) {
            return Optional.empty();
        }
        return refuse(ScfError.INVALID_RUNTIME, "Runtime " + printable(runtime) + " is not one of " + String.join(", ", Runtimes.ids()) + ".");
    }

    static Optional<Refusal> checkHandler(String type, String runtime, String handler) {
        if (TYPE_WEB.equals(type)) {
            return Optional.empty();
        }
        if (handler == null || handler.isEmpty()) {
            return refuse(ScfError.INVALID_HANDLER, "Handler is required for an event function.");
        }
        Runtimes.Family family = Runtimes.family(runtime);
        if (!Runtimes.handlerFits(family, handler)) {
            return refuse(ScfError.INVALID_HANDLER, "Handler for " + runtime + " must be " + Runtimes.handlerRule(family)
                    + " (at most " + Runtimes.MAX_HANDLER_LENGTH + " characters).");
        }
        return Optional.empty();
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
                if (v.key().toUpperCase(Locale.ROOT).startsWith(prefix)) {
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
        if (keys.contains("OS_NAMESERVER")) {
            String servers = variables.stream().filter(v -> v.key().equals("OS_NAMESERVER")).findFirst().map(EnvVariable::value).orElse("");
            if (servers == null || servers.isBlank() || servers.split(";").length > 5) {
                return refuse(ScfError.INVALID_ENVIRONMENT, "OS_NAMESERVER holds 1 to 5 name servers separated by ';'.");
            }
        }
        return Optional.empty();
    }

    /** Only packages sent in the request are served; the other sources SCF knows are refused by name. */
    static Optional<Refusal> checkCodeSource(String codeSource, CreateFunctionRequest.Code code) {
        if (codeSource != null && !codeSource.equals("ZipFile") && !codeSource.equals("Cos") && !codeSource.equals("Demo")
                && !codeSource.equals("Inline")) {
            return refuse(ScfError.INVALID_CODE_SOURCE, "CodeSource must be ZipFile.");
        }
        if ("Cos".equals(codeSource) || (code != null && code.zipFile() == null && (code.cosBucketName() != null || code.cosObjectName() != null))) {
            return refuse(ScfError.UNSUPPORTED_COS, null);
        }
        if ("Demo".equals(codeSource) || (code != null && code.zipFile() == null && (code.demoId() != null || code.tempCosObjectName() != null))) {
            return refuse(ScfError.INVALID_CODE_SOURCE, "Demo and template code are not served; send Code.ZipFile.");
        }
        if (code != null && code.imageConfig() != null) {
            return refuse(ScfError.INVALID_CODE, "Image deployment is not served; send Code.ZipFile.");
        }
        return Optional.empty();
    }

    static Optional<Refusal> checkFlag(String field, String value, ScfError error) {
        return value == null || FLAGS.contains(value) ? Optional.empty() : refuse(error, field + " must be TRUE or FALSE.");
    }

    static Optional<Refusal> checkTrace(String traceEnable, String asyncRunEnable) {
        if (traceEnable != null && !FLAGS.contains(traceEnable)) {
            return refuse(ScfError.INVALID_TRACE_ENABLE, "TraceEnable must be TRUE or FALSE.");
        }
        if ("TRUE".equals(traceEnable) && !"TRUE".equals(asyncRunEnable)) {
            return refuse(ScfError.INVALID_TRACE_ENABLE, "Status tracking (TraceEnable) needs async execution (AsyncRunEnable TRUE).");
        }
        return Optional.empty();
    }

    static Optional<Refusal> checkRole(String role) {
        return role == null || ROLE.matcher(role).matches() ? Optional.empty()
                : refuse(ScfError.INVALID_PARAMETER_VALUE, "Role must be 1-128 letters, digits or +=,.@_-.");
    }

    static Optional<Refusal> checkCls(String logsetId, String topicId) {
        boolean set = logsetId != null && !logsetId.isEmpty();
        boolean topic = topicId != null && !topicId.isEmpty();
        if (set != topic) {
            return refuse(ScfError.INVALID_CLS, "ClsLogsetId and ClsTopicId are given together or not at all.");
        }
        if (set && (!RESOURCE_ID.matcher(logsetId).matches() || !RESOURCE_ID.matcher(topicId).matches())) {
            return refuse(ScfError.INVALID_CLS, "ClsLogsetId and ClsTopicId are ids of at most 128 letters, digits and ._:-.");
        }
        return Optional.empty();
    }

    static Optional<Refusal> checkVpc(FunctionConfig.VpcConfig vpc) {
        if (vpc == null) {
            return Optional.empty();
        }
        boolean id = vpc.vpcId() != null && !vpc.vpcId().isEmpty();
        boolean subnet = vpc.subnetId() != null && !vpc.subnetId().isEmpty();
        if (id != subnet) {
            return refuse(ScfError.INVALID_PARAMETER_VALUE, "VpcConfig needs both VpcId and SubnetId, or neither.");
        }
        if (id && (!RESOURCE_ID.matcher(vpc.vpcId()).matches() || !RESOURCE_ID.matcher(vpc.subnetId()).matches())) {
            return refuse(ScfError.INVALID_PARAMETER_VALUE, "VpcId and SubnetId are ids of at most 128 letters, digits and ._:-.");
        }
        return Optional.empty();
    }

    static boolean inVpc(FunctionConfig.VpcConfig vpc) {
        return vpc != null && vpc.vpcId() != null && !vpc.vpcId().isEmpty();
    }

    /** Public access is on by default; a fixed egress IP needs it (spec part 2 §7.1). */
    static Optional<Refusal> checkPublicNet(FunctionConfig.PublicNetConfig net) {
        if (net == null) {
            return Optional.empty();
        }
        if (net.publicNetStatus() != null && !NET_STATUS.contains(net.publicNetStatus())) {
            return refuse(ScfError.INVALID_PUBLIC_NET_CONFIG, "PublicNetStatus must be ENABLE or DISABLE.");
        }
        String eip = net.eipConfig() == null ? null : net.eipConfig().eipStatus();
        if (eip != null && !NET_STATUS.contains(eip)) {
            return refuse(ScfError.INVALID_EIP_CONFIG, "EipConfig.EipStatus must be ENABLE or DISABLE.");
        }
        if ("ENABLE".equals(eip) && "DISABLE".equals(net.publicNetStatus())) {
            return refuse(ScfError.INVALID_EIP_CONFIG, "A fixed public egress IP needs public network access (PublicNetStatus ENABLE).");
        }
        return Optional.empty();
    }

    static Optional<Refusal> checkDeadLetter(FunctionConfig.DeadLetterConfig dlq) {
        if (dlq == null) {
            return Optional.empty();
        }
        if (dlq.type() == null || !DEAD_LETTER_TYPES.contains(dlq.type())) {
            return refuse(ScfError.INVALID_DEAD_LETTER_CONFIG, "DeadLetterConfig.Type must be one of " + String.join(", ", new java.util.TreeSet<>(DEAD_LETTER_TYPES)) + ".");
        }
        if (dlq.name() == null || !RESOURCE_ID.matcher(dlq.name()).matches()) {
            return refuse(ScfError.INVALID_DEAD_LETTER_CONFIG, "DeadLetterConfig.Name names the queue or topic (at most 128 letters, digits and ._:-).");
        }
        if (dlq.filterType() != null && !dlq.filterType().matches("[A-Za-z0-9_-]{0,64}")) {
            return refuse(ScfError.INVALID_DEAD_LETTER_CONFIG, "DeadLetterConfig.FilterType is invalid.");
        }
        return Optional.empty();
    }

    /** At most five layer versions, each named once, each with its version number (spec part 2 §8.1). */
    static Optional<Refusal> checkLayerBindings(List<FunctionConfig.LayerRef> layers) {
        if (layers == null) {
            return Optional.empty();
        }
        if (layers.size() > MAX_LAYERS) {
            return refuse(ScfError.INVALID_LAYERS, "A function binds at most " + MAX_LAYERS + " layer versions.");
        }
        Set<String> names = new HashSet<>();
        for (FunctionConfig.LayerRef l : layers) {
            if (l == null || l.layerName() == null || l.layerName().isEmpty() || l.layerVersion() == null || l.layerVersion() < 1) {
                return refuse(ScfError.INVALID_LAYERS, "Each layer binding needs LayerName and a LayerVersion of 1 or more.");
            }
            if (!names.add(l.layerName())) {
                return refuse(ScfError.INVALID_LAYERS, "Layer " + printable(l.layerName()) + " is bound twice.");
            }
        }
        return Optional.empty();
    }

    /** WebSocket is a web-function protocol, with an idle timeout of 10–7200 s (spec part 1 §2.6, §5). */
    static Optional<Refusal> checkProtocol(String type, String protocolType, FunctionConfig.ProtocolParams params) {
        if (protocolType != null && (!protocolType.equals("WS") || !TYPE_WEB.equals(type))) {
            return refuse(ScfError.INVALID_PROTOCOL_TYPE, null);
        }
        if (params != null && params.wsParams() != null) {
            if (!"WS".equals(protocolType)) {
                return refuse(ScfError.INVALID_WS_PARAMS, null);
            }
            Long idle = params.wsParams().idleTimeOut();
            if (idle != null && (idle < 10 || idle > 7200)) {
                return refuse(ScfError.INVALID_IDLE_TIMEOUT, null);
            }
        }
        return Optional.empty();
    }

    /** Several requests an instance (2–100, spec part 1 §7) is a web-function setting. */
    static Optional<Refusal> checkInstanceConcurrency(String type, FunctionConfig.InstanceConcurrencyConfig c) {
        if (c == null) {
            return Optional.empty();
        }
        if (c.dynamicEnabled() != null && !FLAGS.contains(c.dynamicEnabled())) {
            return refuse(ScfError.INVALID_PARAMETER_VALUE, "InstanceConcurrencyConfig.DynamicEnabled must be TRUE or FALSE.");
        }
        if (c.maxConcurrency() != null && (c.maxConcurrency() < 1 || c.maxConcurrency() > 100 || c.maxConcurrency() == 1 && "TRUE".equals(c.dynamicEnabled()))) {
            return refuse(ScfError.INVALID_PARAMETER_VALUE, "InstanceConcurrencyConfig.MaxConcurrency must be 2 to 100 (1 turns it off).");
        }
        if (!TYPE_WEB.equals(type) && c.maxConcurrency() != null && c.maxConcurrency() > 1) {
            return refuse(ScfError.INVALID_PARAMETER_VALUE, "Several requests an instance is served for web functions only.");
        }
        return Optional.empty();
    }

    /** Tags: at most 50, keys 1–127 characters and unique, values at most 255. */
    static Optional<Refusal> checkTags(List<FunctionConfig.Tag> tags) {
        if (tags == null) {
            return Optional.empty();
        }
        if (tags.size() > MAX_TAGS) {
            return refuse(ScfError.INVALID_PARAMETER_VALUE, "A function carries at most " + MAX_TAGS + " tags.");
        }
        Set<String> keys = new HashSet<>();
        for (FunctionConfig.Tag t : tags) {
            if (t == null || t.key() == null || t.key().isEmpty() || t.key().length() > 127 || t.key().chars().anyMatch(Character::isISOControl)) {
                return refuse(ScfError.INVALID_PARAMETER_VALUE, "Tag keys are 1-127 characters.");
            }
            if (t.value() != null && (t.value().length() > 255 || t.value().chars().anyMatch(Character::isISOControl))) {
                return refuse(ScfError.INVALID_PARAMETER_VALUE, "Tag values are at most 255 characters.");
            }
            if (!keys.add(t.key())) {
                return refuse(ScfError.INVALID_PARAMETER_VALUE, "Tag " + printable(t.key()) + " is given twice.");
            }
        }
        return Optional.empty();
    }

    @SafeVarargs
    private static Optional<Refusal> first(Supplier<Optional<Refusal>>... checks) {
        for (Supplier<Optional<Refusal>> check : checks) {
            Optional<Refusal> refusal = check.get();
            if (refusal.isPresent()) {
                return refusal;
            }
        }
        return Optional.empty();
    }

    private static int orDefault(Integer value, int fallback) {
        return value == null ? fallback : value;
    }

    private static String printable(String s) {
        String cut = s.length() > 64 ? s.substring(0, 64) + "..." : s;
        return cut.replaceAll("\\p{Cntrl}", "?");
    }

    static Optional<Refusal> refuse(ScfError error, String message) {
        return Optional.of(new Refusal(error, message == null ? error.defaultMessage() : message));
    }
}
