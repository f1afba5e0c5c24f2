package dev.faas.function.catalogue;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.faas.contracts.error.ScfError;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * One row per rule of the spec (part 1 §1–§3, §7; part 2 §7, §8, §12, §13; runtime spec §1.5): a valid create with
 * one change, and the SCF code it must be refused with. A second table holds the edge values that must pass.
 */
class FunctionRulesTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String WEB = "{\"FunctionName\":\"fn\",\"Type\":\"HTTP\",\"Runtime\":\"Nodejs16.13\",\"Code\":{\"ZipFile\":\"x\"}}";
    private static final String EVENT = "{\"FunctionName\":\"fn\",\"Runtime\":\"Python3.9\",\"Handler\":\"index.main_handler\",\"Code\":{\"ZipFile\":\"x\"}}";
    private static final String VPC = "\"VpcConfig\":{\"VpcId\":\"vpc-1\",\"SubnetId\":\"subnet-1\"}";

    /** {@code base} with the fields of {@code change} (a JSON object's members) set; a null value removes the field. */
    static CreateFunctionRequest request(String base, String change) {
        ObjectNode node = (ObjectNode) JSON.readTree(base);
        ObjectNode patch = (ObjectNode) JSON.readTree("{" + change + "}");
        patch.properties().forEach(e -> {
            if (e.getValue().isNull()) {
                node.remove(e.getKey());
            } else {
                node.set(e.getKey(), e.getValue());
            }
        });
        return JSON.treeToValue(node, CreateFunctionRequest.class);
    }

    static String mounts(String... dirs) {
        return VPC + ",\"CfsConfig\":{\"CfsInsList\":[" + String.join(",", Stream.of(dirs)
                .map(d -> "{\"CfsId\":\"cfs-1\",\"LocalMountDir\":\"" + d + "\",\"RemoteMountDir\":\"/\"}").toList()) + "]}";
    }

    static String layers(int n) {
        return "\"Layers\":[" + String.join(",", IntStream.rangeClosed(1, n).mapToObj(i -> "{\"LayerName\":\"l" + i + "x\",\"LayerVersion\":1}").toList()) + "]";
    }

    static Stream<Arguments> refusals() {
        String env4k = "\"Environment\":{\"Variables\":[{\"Key\":\"KEY\",\"Value\":\"" + "v".repeat(4090) + "\"},{\"Key\":\"K2\",\"Value\":\"vvvv\"}]}";
        return Stream.of(
                // names (part 1 §1)
                row("missing name", WEB, "\"FunctionName\":null", ScfError.MISSING_PARAMETER),
                row("one-character name", WEB, "\"FunctionName\":\"a\"", ScfError.INVALID_FUNCTION_NAME),
                row("name starting with a digit", WEB, "\"FunctionName\":\"1abc\"", ScfError.INVALID_FUNCTION_NAME),
                row("name ending with '-'", WEB, "\"FunctionName\":\"abc-\"", ScfError.INVALID_FUNCTION_NAME),
                row("name ending with '_'", WEB, "\"FunctionName\":\"abc_\"", ScfError.INVALID_FUNCTION_NAME),
                row("name with a dot", WEB, "\"FunctionName\":\"a.bc\"", ScfError.INVALID_FUNCTION_NAME),
                row("61-character name", WEB, "\"FunctionName\":\"a" + "b".repeat(60) + "\"", ScfError.INVALID_FUNCTION_NAME),
                // type, runtime, handler (part 1 §3.1–§3.3)
                row("unknown type", WEB, "\"Type\":\"Lambda\"", ScfError.INVALID_TYPE),
                row("type in lower case", WEB, "\"Type\":\"http\"", ScfError.INVALID_TYPE),
                row("unknown runtime", WEB, "\"Runtime\":\"Cobol85\"", ScfError.INVALID_RUNTIME),
                row("event function without handler", EVENT, "\"Handler\":null", ScfError.INVALID_HANDLER),
                row("python handler of one segment", EVENT, "\"Handler\":\"index\"", ScfError.INVALID_HANDLER),
                row("python handler of three segments", EVENT, "\"Handler\":\"a.b.c\"", ScfError.INVALID_HANDLER),
                row("python handler in java form", EVENT, "\"Handler\":\"example.Hello::main\"", ScfError.INVALID_HANDLER),
                row("java handler without method", EVENT, "\"Runtime\":\"Java8\",\"Handler\":\"example.Hello\"", ScfError.INVALID_HANDLER),
                row("go handler with a dot", EVENT, "\"Runtime\":\"Go1\",\"Handler\":\"main.go\"", ScfError.INVALID_HANDLER),
                row("handler over 128 characters", EVENT, "\"Handler\":\"" + "a".repeat(125) + ".main\"", ScfError.INVALID_HANDLER),
                // memory and timeouts (part 1 §2.5, §2.6)
                row("memory 100", WEB, "\"MemorySize\":100", ScfError.INVALID_MEMORY_SIZE),
                row("memory 3200", WEB, "\"MemorySize\":3200", ScfError.INVALID_MEMORY_SIZE),
                row("memory 32", WEB, "\"MemorySize\":32", ScfError.INVALID_MEMORY_SIZE),
                row("memory 3072 + 128", WEB, "\"MemorySize\":3200", ScfError.INVALID_MEMORY_SIZE),
                row("timeout 0", WEB, "\"Timeout\":0", ScfError.INVALID_TIMEOUT),
                row("timeout 901", WEB, "\"Timeout\":901", ScfError.INVALID_TIMEOUT),
                row("timeout over 24 h with async execution", EVENT, "\"AsyncRunEnable\":\"TRUE\",\"Timeout\":86401", ScfError.INVALID_TIMEOUT),
                row("init timeout 2", WEB, "\"InitTimeout\":2", ScfError.INVALID_INIT_TIMEOUT),
                row("init timeout 301", WEB, "\"InitTimeout\":301", ScfError.INVALID_INIT_TIMEOUT),
                // description (part 1 §1)
                row("description with markup", WEB, "\"Description\":\"<b>\"", ScfError.INVALID_DESCRIPTION),
                row("description of 1001 characters", WEB, "\"Description\":\"" + "d".repeat(1001) + "\"", ScfError.INVALID_DESCRIPTION),
                // environment (part 1 §3.4, runtime spec §1.5, part 2 §7.4)
                row("environment over 4 KB", WEB, env4k, ScfError.ENVIRONMENT_EXCEEDED_LIMIT),
                row("environment key with a dash", WEB, "\"Environment\":{\"Variables\":[{\"Key\":\"A-B\",\"Value\":\"1\"}]}", ScfError.INVALID_ENVIRONMENT),
                row("environment key starting with a digit", WEB, "\"Environment\":{\"Variables\":[{\"Key\":\"1A\",\"Value\":\"1\"}]}", ScfError.INVALID_ENVIRONMENT),
                row("environment key reserved SCF_", WEB, "\"Environment\":{\"Variables\":[{\"Key\":\"SCF_X\",\"Value\":\"1\"}]}", ScfError.ENVIRONMENT_SYSTEM_PROTECT),
                row("environment key reserved QCLOUD_", WEB, "\"Environment\":{\"Variables\":[{\"Key\":\"qcloud_x\",\"Value\":\"1\"}]}", ScfError.ENVIRONMENT_SYSTEM_PROTECT),
                row("environment key reserved TENCENTCLOUD_", WEB, "\"Environment\":{\"Variables\":[{\"Key\":\"TENCENTCLOUD_X\",\"Value\":\"1\"}]}", ScfError.ENVIRONMENT_SYSTEM_PROTECT),
                row("environment key twice", WEB, "\"Environment\":{\"Variables\":[{\"Key\":\"A\",\"Value\":\"1\"},{\"Key\":\"A\",\"Value\":\"2\"}]}", ScfError.INVALID_ENVIRONMENT),
                row("six name servers", WEB, "\"Environment\":{\"Variables\":[{\"Key\":\"OS_NAMESERVER\",\"Value\":\"1.1.1.1;2.2.2.2;3.3.3.3;4.4.4.4;5.5.5.5;6.6.6.6\"}]}", ScfError.INVALID_ENVIRONMENT),
                // code source (wire §4.2, §7)
                row("code from object storage", WEB, "\"Code\":{\"CosBucketName\":\"b\",\"CosObjectName\":\"/a.zip\"}", ScfError.UNSUPPORTED_COS),
                row("CodeSource Cos", WEB, "\"CodeSource\":\"Cos\"", ScfError.UNSUPPORTED_COS),
                row("unknown CodeSource", WEB, "\"CodeSource\":\"Ftp\"", ScfError.INVALID_CODE_SOURCE),
                row("image deployment", WEB, "\"Code\":{\"ImageConfig\":{\"ImageType\":\"personal\",\"ImageUri\":\"r/a:b\"}}", ScfError.INVALID_CODE),
                // flags
                row("AsyncRunEnable yes", EVENT, "\"AsyncRunEnable\":\"yes\"", ScfError.INVALID_PARAMETER_VALUE),
                row("InstallDependency 1", EVENT, "\"InstallDependency\":\"1\"", ScfError.INVALID_PARAMETER_VALUE),
                row("DnsCache on", EVENT, "\"DnsCache\":\"on\"", ScfError.INVALID_DNS),
                row("TraceEnable maybe", EVENT, "\"TraceEnable\":\"maybe\"", ScfError.INVALID_TRACE_ENABLE),
                row("tracing without async execution (part 1 §3.4)", EVENT, "\"TraceEnable\":\"TRUE\"", ScfError.INVALID_TRACE_ENABLE),
                // protocol (part 1 §2.6, §5)
                row("ProtocolType on an event function", EVENT, "\"ProtocolType\":\"WS\"", ScfError.INVALID_PROTOCOL_TYPE),
                row("ProtocolType HTTP2", WEB, "\"ProtocolType\":\"HTTP2\"", ScfError.INVALID_PROTOCOL_TYPE),
                row("WSParams without ProtocolType WS", WEB, "\"ProtocolParams\":{\"WSParams\":{\"IdleTimeOut\":60}}", ScfError.INVALID_WS_PARAMS),
                row("idle timeout 9 s", WEB, "\"ProtocolType\":\"WS\",\"ProtocolParams\":{\"WSParams\":{\"IdleTimeOut\":9}}", ScfError.INVALID_IDLE_TIMEOUT),
                row("idle timeout 7201 s", WEB, "\"ProtocolType\":\"WS\",\"ProtocolParams\":{\"WSParams\":{\"IdleTimeOut\":7201}}", ScfError.INVALID_IDLE_TIMEOUT),
                // per-instance concurrency (part 1 §7)
                row("101 requests an instance", WEB, "\"InstanceConcurrencyConfig\":{\"MaxConcurrency\":101}", ScfError.INVALID_PARAMETER_VALUE),
                row("several requests an instance of an event function", EVENT, "\"InstanceConcurrencyConfig\":{\"MaxConcurrency\":10}", ScfError.INVALID_PARAMETER_VALUE),
                row("DynamicEnabled yes", WEB, "\"InstanceConcurrencyConfig\":{\"DynamicEnabled\":\"yes\"}", ScfError.INVALID_PARAMETER_VALUE),
                // tags
                row("tag key of 128 characters", WEB, "\"Tags\":[{\"Key\":\"" + "k".repeat(128) + "\",\"Value\":\"v\"}]", ScfError.INVALID_PARAMETER_VALUE),
                row("tag value of 256 characters", WEB, "\"Tags\":[{\"Key\":\"k\",\"Value\":\"" + "v".repeat(256) + "\"}]", ScfError.INVALID_PARAMETER_VALUE),
                row("tag key twice", WEB, "\"Tags\":[{\"Key\":\"k\",\"Value\":\"1\"},{\"Key\":\"k\",\"Value\":\"2\"}]", ScfError.INVALID_PARAMETER_VALUE),
                // role, logs, network (part 2 §7)
                row("role with a space", WEB, "\"Role\":\"my role\"", ScfError.INVALID_PARAMETER_VALUE),
                row("log topic without log set", WEB, "\"ClsTopicId\":\"t-1\"", ScfError.INVALID_CLS),
                row("VPC without subnet", WEB, "\"VpcConfig\":{\"VpcId\":\"vpc-1\"}", ScfError.INVALID_PARAMETER_VALUE),
                row("public network status ON", WEB, "\"PublicNetConfig\":{\"PublicNetStatus\":\"ON\"}", ScfError.INVALID_PUBLIC_NET_CONFIG),
                row("EIP status ON", WEB, "\"PublicNetConfig\":{\"PublicNetStatus\":\"ENABLE\",\"EipConfig\":{\"EipStatus\":\"ON\"}}", ScfError.INVALID_EIP_CONFIG),
                row("fixed egress IP without public access", WEB, "\"PublicNetConfig\":{\"PublicNetStatus\":\"DISABLE\",\"EipConfig\":{\"EipStatus\":\"ENABLE\"}}", ScfError.INVALID_EIP_CONFIG),
                // dead letter
                row("dead letter of unknown type", EVENT, "\"DeadLetterConfig\":{\"Type\":\"SQS\",\"Name\":\"q\"}", ScfError.INVALID_DEAD_LETTER_CONFIG),
                row("dead letter without name", EVENT, "\"DeadLetterConfig\":{\"Type\":\"CMQ-QUEUE\"}", ScfError.INVALID_DEAD_LETTER_CONFIG),
                // layers (part 2 §8)
                row("six layers", WEB, layers(6), ScfError.INVALID_LAYERS),
                row("a layer bound twice", WEB, "\"Layers\":[{\"LayerName\":\"lx\",\"LayerVersion\":1},{\"LayerName\":\"lx\",\"LayerVersion\":2}]", ScfError.INVALID_LAYERS),
                row("a layer without version", WEB, "\"Layers\":[{\"LayerName\":\"lx\"}]", ScfError.INVALID_LAYERS),
                // mounts (part 2 §12.3, §12.4)
                row("mount without VPC", WEB, "\"CfsConfig\":{\"CfsInsList\":[{\"CfsId\":\"cfs-1\",\"LocalMountDir\":\"/mnt/a\"}]}", ScfError.INVALID_CFS),
                row("four mounts", WEB, mounts("/mnt/a", "/mnt/b", "/mnt/c", "/mnt/d"), ScfError.INVALID_CFS),
                row("mount without CfsId", WEB, VPC + ",\"CfsConfig\":{\"CfsInsList\":[{\"LocalMountDir\":\"/mnt/a\"}]}", ScfError.INVALID_CFS),
                row("mount at /opt/x", WEB, mounts("/opt/x"), ScfError.INVALID_LOCAL_MOUNT_DIR),
                row("mount at /data/scf/x", WEB, mounts("/data/scf/x"), ScfError.INVALID_LOCAL_MOUNT_DIR),
                row("mount at /tmp", WEB, mounts("/tmp"), ScfError.INVALID_LOCAL_MOUNT_DIR),
                row("mount at /home", WEB, mounts("/home"), ScfError.INVALID_LOCAL_MOUNT_DIR),
                row("mount at /data", WEB, mounts("/data/"), ScfError.INVALID_LOCAL_MOUNT_DIR),
                row("mount at /", WEB, mounts("/"), ScfError.INVALID_LOCAL_MOUNT_DIR),
                row("mount at a relative path", WEB, mounts("mnt/a"), ScfError.INVALID_LOCAL_MOUNT_DIR),
                row("mount path with ..", WEB, mounts("/mnt/../etc"), ScfError.INVALID_LOCAL_MOUNT_DIR),
                row("nested mounts (spec example)", WEB, mounts("/mnt/", "/mnt/aa1", "/mnt/aa1/aa"), ScfError.INVALID_LOCAL_MOUNT_DIR),
                row("duplicate mounts (spec example)", WEB, mounts("/mnt/aa1/aa", "/mnt/aa1/aa", "/mnt/aa2"), ScfError.INVALID_LOCAL_MOUNT_DIR));
    }

    private static Arguments row(String name, String base, String change, ScfError expected) {
        return Arguments.of(name, base, change, expected);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusals")
    void refusesEachRuleBreak_withItsScfCode(String name, String base, String change, ScfError expected) {
        assertThat(FunctionRules.checkCreate("default", request(base, change))).get()
                .extracting(FunctionRules.Refusal::error).isEqualTo(expected);
    }

    static Stream<Arguments> accepted() {
        return Stream.of(
                row("web function with the fewest fields", WEB, "\"Runtime\":null", null),
                row("event function defaults to Python3.6", "{\"FunctionName\":\"fn\",\"Handler\":\"index.main\"}", "", null),
                row("runtime in any case", EVENT, "\"Runtime\":\"python3.9\"", null),
                row("handler in a sub-directory", EVENT, "\"Handler\":\"src/app.main_handler\"", null),
                row("java handler", EVENT, "\"Runtime\":\"Java11\",\"Handler\":\"example.Hello::mainHandler\"", null),
                row("go handler", EVENT, "\"Runtime\":\"Go1\",\"Handler\":\"main\"", null),
                row("custom runtime handler", EVENT, "\"Runtime\":\"CustomRuntime\",\"Handler\":\"anything goes here\"", null),
                row("60-character name", WEB, "\"FunctionName\":\"f" + "x".repeat(58) + "z\"", null),
                row("memory 64, timeout 900, init timeout 300", WEB, "\"MemorySize\":64,\"Timeout\":900,\"InitTimeout\":300", null),
                row("numbers as strings", WEB, "\"MemorySize\":\"256\",\"Timeout\":\"10\"", null),
                row("timeout of 24 h with async execution", EVENT, "\"AsyncRunEnable\":\"TRUE\",\"TraceEnable\":\"TRUE\",\"Timeout\":86400", null),
                row("environment of exactly 4 KB", WEB, "\"Environment\":{\"Variables\":[{\"Key\":\"K\",\"Value\":\"" + "v".repeat(4095) + "\"}]}", null),
                row("WebSocket with idle timeout 10 and 7200", WEB, "\"ProtocolType\":\"WS\",\"ProtocolParams\":{\"WSParams\":{\"IdleTimeOut\":7200}}", null),
                row("100 requests an instance", WEB, "\"InstanceConcurrencyConfig\":{\"DynamicEnabled\":\"FALSE\",\"MaxConcurrency\":100}", null),
                row("five layers", WEB, layers(5), null),
                row("fixed egress IP with public access", WEB, "\"PublicNetConfig\":{\"PublicNetStatus\":\"ENABLE\",\"EipConfig\":{\"EipStatus\":\"ENABLE\"}}", null),
                row("three mounts side by side (spec example)", WEB, mounts("/mnt/aa1/aa", "/mnt/aa1/cc", "/mnt/aa2"), null),
                row("mounts below /home and /data, and /mnt/a beside /mnt/ab", WEB, mounts("/home/x", "/data/x", "/mnt/a"), null),
                row("mount /mnt/a beside /mnt/ab", WEB, mounts("/mnt/a", "/mnt/ab"), null),
                row("dead letter on a RabbitMQ queue", EVENT, "\"DeadLetterConfig\":{\"Type\":\"AMQP\",\"Name\":\"dlq.orders\"}", null),
                row("unknown fields are ignored", WEB, "\"SomeFutureField\":{\"A\":1}", null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("accepted")
    void acceptsTheEdgesOfEachRule(String name, String base, String change, Object ignored) {
        assertThat(FunctionRules.checkCreate("default", request(base, change))).isEmpty();
    }

    @Test
    void acceptsEveryValidMemorySize() {
        List<Integer> valid = Stream.concat(Stream.of(64), IntStream.rangeClosed(1, 24).mapToObj(i -> i * 128)).toList();
        for (int memory : valid) {
            assertThat(FunctionRules.checkCreate("default", request(WEB, "\"MemorySize\":" + memory))).as("memory %d", memory).isEmpty();
        }
        for (int memory : List.of(0, 63, 65, 127, 129, 192, 3071, 3073, 3200, -128)) {
            assertThat(FunctionRules.checkCreate("default", request(WEB, "\"MemorySize\":" + memory))).as("memory %d", memory).isPresent();
        }
    }

    @Test
    void eventFunctionsGetScfDefaults_andWebFunctionsNeedNoHandler() {
        FunctionRules.State event = FunctionRules.createdState(request("{\"FunctionName\":\"fn\",\"Handler\":\"index.main\"}", ""));
        assertThat(event.type()).isEqualTo("Event");
        assertThat(event.runtime()).isEqualTo("Python3.6");
        assertThat(event.memoryMb()).isEqualTo(128);
        assertThat(event.timeoutSeconds()).isEqualTo(3);
        assertThat(event.initTimeoutSeconds()).isEqualTo(60);
        FunctionRules.State web = FunctionRules.createdState(request(WEB, "\"Handler\":\"ignored.main\",\"Runtime\":\"nodejs16.13\""));
        assertThat(web.handler()).isNull();
        assertThat(web.runtime()).isEqualTo("Nodejs16.13");
    }

    @Test
    void namespaceAndNameTogetherMayNotExceed118() {
        String ns = "n".repeat(30);
        assertThat(FunctionRules.checkName(ns, "f" + "x".repeat(58) + "z")).isEmpty();
        assertThat(FunctionRules.checkName("n".repeat(60), "f" + "x".repeat(58) + "z")).get()
                .extracting(FunctionRules.Refusal::error).isEqualTo(ScfError.INVALID_FUNCTION_NAME);
    }

    @Test
    void nameLengthsFollowTheAdministratorsQuotas() {
        FunctionRules.NameLimits short10 = new FunctionRules.NameLimits(10, 20);
        assertThat(FunctionRules.checkName("default", "abcdefghij", short10)).isEmpty();
        assertThat(FunctionRules.checkName("default", "abcdefghijk", short10)).get().extracting(FunctionRules.Refusal::error)
                .isEqualTo(ScfError.INVALID_FUNCTION_NAME);
        assertThat(FunctionRules.checkName("namespace-of-12", "abcdefghi", short10)).get().extracting(FunctionRules.Refusal::message)
                .asString().contains("20");
        FunctionRules.NameLimits long100 = new FunctionRules.NameLimits(100, 200);
        assertThat(FunctionRules.checkName("default", "f" + "x".repeat(98) + "z", long100)).isEmpty();
        assertThat(FunctionRules.checkName("default", "f" + "x".repeat(98) + "z")).as("SCF's 60 by default").isPresent();
    }

    @Test
    void anUpdateIsCheckedOnTheStateItLeaves() {
        FunctionRecord asyncOff = record(FunctionConfig.EMPTY);
        UpdateConfigurationRequest trace = JSON.readValue("{\"TraceEnable\":\"TRUE\"}", UpdateConfigurationRequest.class);
        FunctionRules.State next = new FunctionRules.State("Event", "Python3.9", "index.main", 128, 3, 60, List.of(), trace.applyTo(asyncOff.config()));
        assertThat(FunctionRules.checkUpdate(asyncOff, trace, next)).get().extracting(FunctionRules.Refusal::error)
                .isEqualTo(ScfError.INVALID_TRACE_ENABLE);
        UpdateConfigurationRequest switchAsync = JSON.readValue("{\"AsyncRunEnable\":\"TRUE\"}", UpdateConfigurationRequest.class);
        assertThat(FunctionRules.checkUpdate(asyncOff, switchAsync, asyncOff.state())).get().extracting(FunctionRules.Refusal::message)
                .asString().contains("chosen at creation");
        UpdateConfigurationRequest longTimeout = JSON.readValue("{\"Timeout\":1000}", UpdateConfigurationRequest.class);
        assertThat(FunctionRules.checkUpdate(asyncOff, longTimeout, asyncOff.state())).get().extracting(FunctionRules.Refusal::error)
                .isEqualTo(ScfError.INVALID_TIMEOUT);
    }

    private static FunctionRecord record(FunctionConfig config) {
        java.time.Instant t = java.time.Instant.parse("2026-01-01T00:00:00Z");
        return new FunctionRecord(java.util.UUID.randomUUID(), "default", "fn", "Event", "Python3.9", "index.main", "", 128, 3, 60,
                List.of(), config, "0".repeat(64), 1, "u", "Active", 1, t, t);
    }
}
