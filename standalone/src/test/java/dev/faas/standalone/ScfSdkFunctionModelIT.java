package dev.faas.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.tencentcloudapi.common.AbstractModel;
import com.tencentcloudapi.common.Credential;
import com.tencentcloudapi.common.exception.TencentCloudSDKException;
import com.tencentcloudapi.common.profile.ClientProfile;
import com.tencentcloudapi.common.profile.HttpProfile;
import com.tencentcloudapi.scf.v20180416.ScfClient;
import com.tencentcloudapi.scf.v20180416.models.Alias;
import com.tencentcloudapi.scf.v20180416.models.CopyFunctionRequest;
import com.tencentcloudapi.scf.v20180416.models.CreateAliasRequest;
import com.tencentcloudapi.scf.v20180416.models.CreateFunctionRequest;
import com.tencentcloudapi.scf.v20180416.models.CreateNamespaceRequest;
import com.tencentcloudapi.scf.v20180416.models.DeleteAliasRequest;
import com.tencentcloudapi.scf.v20180416.models.DeleteFunctionRequest;
import com.tencentcloudapi.scf.v20180416.models.DeleteLayerVersionRequest;
import com.tencentcloudapi.scf.v20180416.models.Function;
import com.tencentcloudapi.scf.v20180416.models.GetAccountRequest;
import com.tencentcloudapi.scf.v20180416.models.GetAccountResponse;
import com.tencentcloudapi.scf.v20180416.models.GetAliasRequest;
import com.tencentcloudapi.scf.v20180416.models.GetAliasResponse;
import com.tencentcloudapi.scf.v20180416.models.GetFunctionRequest;
import com.tencentcloudapi.scf.v20180416.models.GetFunctionResponse;
import com.tencentcloudapi.scf.v20180416.models.GetLayerVersionRequest;
import com.tencentcloudapi.scf.v20180416.models.GetLayerVersionResponse;
import com.tencentcloudapi.scf.v20180416.models.LayerVersionInfo;
import com.tencentcloudapi.scf.v20180416.models.ListAliasesRequest;
import com.tencentcloudapi.scf.v20180416.models.ListAliasesResponse;
import com.tencentcloudapi.scf.v20180416.models.ListFunctionsRequest;
import com.tencentcloudapi.scf.v20180416.models.ListLayerVersionsRequest;
import com.tencentcloudapi.scf.v20180416.models.ListLayersRequest;
import com.tencentcloudapi.scf.v20180416.models.ListLayersResponse;
import com.tencentcloudapi.scf.v20180416.models.PublishLayerVersionRequest;
import com.tencentcloudapi.scf.v20180416.models.PublishVersionRequest;
import com.tencentcloudapi.scf.v20180416.models.UpdateAliasRequest;
import com.tencentcloudapi.scf.v20180416.models.UpdateFunctionConfigurationRequest;
import com.tencentcloudapi.scf.v20180416.models.CreateTriggerRequest;
import com.tencentcloudapi.scf.v20180416.models.DeleteTriggerRequest;
import com.tencentcloudapi.scf.v20180416.models.ListTriggersRequest;
import com.tencentcloudapi.scf.v20180416.models.TriggerInfo;

import dev.faas.testsupport.Http;
import dev.faas.testsupport.ZipBuilder;

/**
 * The SDK's {@code ScfClient} drives the whole function model against the started platform: every configuration
 * field, ListFunctions' ordering, search and filters, CopyFunction, GetAccount, layers and aliases, with the error
 * codes SCF gives. Requests are built from SCF's JSON with the SDK's own {@code fromJsonString}, so the SDK
 * serialises what it sends.
 */
class ScfSdkFunctionModelIT {
    private static final int LAYER_QUOTA = 3;
    private static final int TRIGGER_QUOTA = 3;
    private static StandalonePlatform platform;
    private static ScfClient scf;
    private static Credential credential;
    private static dev.faas.gateway.keys.AccessKeys.NewKey admin;
    private static ClientProfile profile;
    private static String webZip;
    private static String eventZip;

    @BeforeAll
    static void start() throws Exception {
        platform = TestPlatforms.start("faas-model", "--faas.function.layers=" + LAYER_QUOTA, "--faas.function.aliases-per-function=3",
                "--faas.function.triggers-per-type=" + TRIGGER_QUOTA);
        admin = platform.createdAdminKey().orElseThrow();
        HttpProfile http = new HttpProfile();
        http.setEndpoint("127.0.0.1:" + platform.ports().gateway());
        http.setProtocol("http://");
        credential = new Credential(admin.secretId(), admin.secretKey());
        profile = new ClientProfile(ClientProfile.SIGN_TC3_256, http);
        scf = new ScfClient(credential, "ap-guangzhou", profile);
        webZip = ZipBuilder.directory(Path.of("src/test/resources/functions/python-web")).base64();
        eventZip = ZipBuilder.zip().file("index.py", "def main_handler(event, context):\n    return event\n").base64();
    }

    @AfterAll
    static void stop() {
        if (platform != null) {
            platform.close();
        }
    }

    private static <T extends AbstractModel> T req(Class<T> type, String json) {
        return AbstractModel.fromJsonString(json, type);
    }

    private static String code(Callable<?> call) {
        return catchThrowableOfType(TencentCloudSDKException.class, call::call).getErrorCode();
    }

    private static GetFunctionResponse get(String name, String qualifier) throws TencentCloudSDKException {
        return scf.GetFunction(req(GetFunctionRequest.class, "{\"FunctionName\":\"" + name + "\",\"Qualifier\":\"" + qualifier + "\"}"));
    }

    private static com.tencentcloudapi.common.CommonClient common() {
        return new com.tencentcloudapi.common.CommonClient("scf", "2018-04-16", credential, "ap-guangzhou", profile);
    }

    @Test
    void everyConfigurationField_isValidatedStoredAndReturned() throws Exception {
        scf.CreateFunction(req(CreateFunctionRequest.class, """
                {"FunctionName":"configured","Runtime":"Python3.9","Handler":"index.main_handler","Code":{"ZipFile":"%s"},
                 "Role":"worker-role","InstallDependency":"TRUE","ClsLogsetId":"logset-1","ClsTopicId":"topic-1",
                 "VpcConfig":{"VpcId":"vpc-1","SubnetId":"subnet-1"},
                 "CfsConfig":{"CfsInsList":[{"CfsId":"cfs-1","MountInsId":"m-1","LocalMountDir":"/mnt/data","RemoteMountDir":"/exports","UserId":"10000","UserGroupId":"10000"}]},
                 "DeadLetterConfig":{"Type":"AMQP","Name":"orders-dlq"},
                 "PublicNetConfig":{"PublicNetStatus":"ENABLE","EipConfig":{"EipStatus":"ENABLE"}},
                 "Tags":[{"Key":"team","Value":"payments"}],"AsyncRunEnable":"TRUE","TraceEnable":"TRUE","Timeout":3600,"InitTimeout":30}
                """.formatted(eventZip)));
        GetFunctionResponse fn = get("configured", "$LATEST");
        assertThat(fn.getType()).isEqualTo("Event");
        assertThat(fn.getStatus()).isEqualTo("Active");
        assertThat(fn.getStatusReasons()).isEmpty();
        assertThat(fn.getHandler()).isEqualTo("index.main_handler");
        assertThat(fn.getTimeout()).isEqualTo(3600L);
        assertThat(fn.getInitTimeout()).isEqualTo(30L);
        assertThat(fn.getRole()).isEqualTo("worker-role");
        assertThat(fn.getInstallDependency()).isEqualTo("TRUE");
        assertThat(fn.getClsTopicId()).isEqualTo("topic-1");
        assertThat(fn.getVpcConfig().getSubnetId()).isEqualTo("subnet-1");
        assertThat(fn.getCfsConfig().getCfsInsList()[0].getLocalMountDir()).isEqualTo("/mnt/data");
        assertThat(fn.getDeadLetterConfig().getName()).isEqualTo("orders-dlq");
        assertThat(fn.getPublicNetConfig().getEipConfig().getEipStatus()).isEqualTo("ENABLE");
        assertThat(fn.getTags()[0].getValue()).isEqualTo("payments");
        assertThat(fn.getAsyncRunEnable()).isEqualTo("TRUE");
        assertThat(fn.getTraceEnable()).isEqualTo("TRUE");

        scf.CreateFunction(req(CreateFunctionRequest.class, """
                {"FunctionName":"sockets","Type":"HTTP","Code":{"ZipFile":"%s"},"ProtocolType":"WS","ProtocolParams":{"WSParams":{"IdleTimeOut":120}}}
                """.formatted(webZip)));
        GetFunctionResponse ws = get("sockets", "$LATEST");
        assertThat(ws.getProtocolType()).isEqualTo("WS");
        assertThat(ws.getProtocolParams().getWSParams().getIdleTimeOut()).isEqualTo(120L);
        assertThat(ws.getPublicNetConfig().getPublicNetStatus()).as("public access is on by default").isEqualTo("ENABLE");

        // refusals, each with its code, and nothing written
        assertThat(code(() -> scf.CreateFunction(req(CreateFunctionRequest.class, """
                {"FunctionName":"no-entry","Runtime":"Nodejs16.13","Handler":"index.main_handler","Code":{"ZipFile":"%s"}}
                """.formatted(eventZip))))).as("index.js is not in the package").isEqualTo("InvalidParameterValue.Code");
        assertThat(code(() -> scf.CreateFunction(req(CreateFunctionRequest.class, """
                {"FunctionName":"bad-mount","Type":"HTTP","Code":{"ZipFile":"%s"},"VpcConfig":{"VpcId":"v","SubnetId":"s"},
                 "CfsConfig":{"CfsInsList":[{"CfsId":"cfs-1","LocalMountDir":"/opt/x"}]}}
                """.formatted(webZip))))).isEqualTo("InvalidParameterValue.LocalMountDir");
        assertThat(code(() -> scf.CreateFunction(req(CreateFunctionRequest.class,
                "{\"FunctionName\":\"bad-handler\",\"Runtime\":\"Java11\",\"Handler\":\"index.main\",\"Code\":{\"ZipFile\":\"" + eventZip + "\"}}"))))
                .isEqualTo("InvalidParameterValue.Handler");
        assertThat(code(() -> scf.CreateFunction(req(CreateFunctionRequest.class,
                "{\"FunctionName\":\"bad-runtime\",\"Runtime\":\"Python9\",\"Handler\":\"index.main\",\"Code\":{\"ZipFile\":\"" + eventZip + "\"}}"))))
                .isEqualTo("InvalidParameterValue.Runtime");
        assertThat(code(() -> get("no-entry", "$LATEST"))).isEqualTo("ResourceNotFound.Function");
        assertThat(code(() -> scf.UpdateFunctionConfiguration(req(UpdateFunctionConfigurationRequest.class,
                "{\"FunctionName\":\"sockets\",\"ProtocolParams\":{\"WSParams\":{\"IdleTimeOut\":7201}}}")))).isEqualTo("InvalidParameterValue.IdleTimeOut");
        assertThat(code(() -> scf.UpdateFunctionConfiguration(req(UpdateFunctionConfigurationRequest.class,
                "{\"FunctionName\":\"configured\",\"VpcConfig\":{\"VpcId\":\"\",\"SubnetId\":\"\"}}"))))
                .as("the mount needs the VPC it would lose").isEqualTo("InvalidParameterValue.CfsParameterError");
        assertThat(get("configured", "$LATEST").getVpcConfig().getVpcId()).isEqualTo("vpc-1");

        // a partial update changes only what it names; Publish publishes the result
        scf.UpdateFunctionConfiguration(req(UpdateFunctionConfigurationRequest.class,
                "{\"FunctionName\":\"configured\",\"DeadLetterConfig\":{\"Type\":\"KAFKA\",\"Name\":\"dead\"},\"Publish\":\"TRUE\"}"));
        GetFunctionResponse v1 = get("configured", "1");
        assertThat(v1.getDeadLetterConfig().getType()).isEqualTo("KAFKA");
        assertThat(v1.getRole()).isEqualTo("worker-role");
        assertThat(v1.getCfsConfig().getCfsInsList()).hasSize(1);
    }

    @Test
    void listFunctions_ordersSearchesAndFilters() throws Exception {
        scf.CreateNamespace(req(CreateNamespaceRequest.class, "{\"Namespace\":\"listing\"}"));
        for (String[] f : new String[][] {{"alpha-api", "Python3.9", "web"}, {"beta-api", "Nodejs16.13", "web"}, {"gamma-job", "Python3.9", "batch"}}) {
            scf.CreateFunction(req(CreateFunctionRequest.class, """
                    {"Namespace":"listing","FunctionName":"%s","Type":"HTTP","Runtime":"%s","Code":{"ZipFile":"%s"},
                     "Description":"the %s function","Tags":[{"Key":"tier","Value":"%s"}]}
                    """.formatted(f[0], f[1], webZip, f[0].replace("-", " "), f[2])));
        }
        assertThat(names("{\"Namespace\":\"listing\",\"Orderby\":\"FunctionName\",\"Order\":\"DESC\"}")).containsExactly("gamma-job", "beta-api", "alpha-api");
        assertThat(names("{\"Namespace\":\"listing\",\"SearchKey\":\"api\",\"Orderby\":\"FunctionName\"}")).containsExactly("alpha-api", "beta-api");
        assertThat(names("{\"Namespace\":\"listing\",\"Filters\":[{\"Name\":\"Runtime\",\"Values\":[\"Python3.9\"]}],\"Orderby\":\"FunctionName\"}"))
                .containsExactly("alpha-api", "gamma-job");
        assertThat(names("{\"Namespace\":\"listing\",\"Filters\":[{\"Name\":\"tag:tier\",\"Values\":[\"web\"]},{\"Name\":\"Runtime\",\"Values\":[\"Nodejs16.13\",\"Go1\"]}]}"))
                .containsExactly("beta-api");
        assertThat(names("{\"Namespace\":\"listing\",\"Description\":\"gamma\"}")).containsExactly("gamma-job");
        var page = scf.ListFunctions(req(ListFunctionsRequest.class, "{\"Namespace\":\"listing\",\"Orderby\":\"AddTime\",\"Offset\":1,\"Limit\":1}"));
        assertThat(page.getTotalCount()).isEqualTo(3L);
        assertThat(page.getFunctions()).extracting(Function::getFunctionName).containsExactly("beta-api");
        assertThat(page.getFunctions()[0].getTags()[0].getValue()).isEqualTo("web");

        assertThat(code(() -> scf.ListFunctions(req(ListFunctionsRequest.class, "{\"Namespace\":\"listing\",\"Orderby\":\"Size\"}")))).isEqualTo("InvalidParameterValue.OrderBy");
        assertThat(code(() -> scf.ListFunctions(req(ListFunctionsRequest.class, "{\"Namespace\":\"listing\",\"Order\":\"UP\"}")))).isEqualTo("InvalidParameterValue.Order");
        assertThat(code(() -> scf.ListFunctions(req(ListFunctionsRequest.class,
                "{\"Namespace\":\"listing\",\"Filters\":[{\"Name\":\"Colour\",\"Values\":[\"red\"]}]}")))).isEqualTo("InvalidParameterValue.Filters");
        assertThat(code(() -> scf.ListFunctions(req(ListFunctionsRequest.class, "{\"Namespace\":\"listing\",\"Limit\":101}")))).isEqualTo("InvalidParameterValue.Limit");

        GetAccountResponse account = scf.GetAccount(new GetAccountRequest());
        var listing = Arrays.stream(account.getAccountUsage().getNamespace()).filter(n -> n.getNamespace().equals("listing")).findFirst().orElseThrow();
        assertThat(listing.getFunctionsCount()).isEqualTo(3L);
        assertThat(listing.getFunctions()).containsExactly("alpha-api", "beta-api", "gamma-job");
        assertThat(account.getAccountLimit().getNamespacesCount()).isEqualTo(5L);
        assertThat(account.getAccountLimit().getNamespace()[0].getFunctionsCount()).isEqualTo(50L);
        assertThat(account.getAccountUsage().getTotalConcurrencyMem()).isEqualTo(128000L);
    }

    private static List<String> names(String json) throws TencentCloudSDKException {
        return Arrays.stream(scf.ListFunctions(req(ListFunctionsRequest.class, json)).getFunctions()).map(Function::getFunctionName).toList();
    }

    @Test
    void copyFunction_copiesCodeAndConfiguration_butNotTheUrl_andOverwritesOnlyWhenAsked() throws Exception {
        scf.CreateFunction(req(CreateFunctionRequest.class, """
                {"FunctionName":"original","Type":"HTTP","Runtime":"Python3.9","MemorySize":512,"Timeout":20,"Description":"the original",
                 "Environment":{"Variables":[{"Key":"GREETING","Value":"copied"}]},"Code":{"ZipFile":"%s"}}
                """.formatted(webZip)));
        scf.CreateNamespace(req(CreateNamespaceRequest.class, "{\"Namespace\":\"copies\"}"));
        scf.CopyFunction(req(CopyFunctionRequest.class, "{\"FunctionName\":\"original\",\"NewFunctionName\":\"duplicate\",\"TargetNamespace\":\"copies\"}"));
        GetFunctionResponse source = get("original", "$LATEST");
        GetFunctionResponse copy = scf.GetFunction(req(GetFunctionRequest.class, "{\"FunctionName\":\"duplicate\",\"Namespace\":\"copies\"}"));
        assertThat(copy.getMemorySize()).isEqualTo(512L);
        assertThat(copy.getTimeout()).isEqualTo(20L);
        assertThat(copy.getDescription()).isEqualTo("the original");
        assertThat(copy.getEnvironment().getVariables()[0].getValue()).isEqualTo("copied");
        Http gateway = api();
        String sourceUrl = Http.json(gateway.get("/api/v1/namespaces/default/functions/original")).at("/Response/FunctionUrl/UrlId").asString();
        String copyUrl = Http.json(gateway.get("/api/v1/namespaces/copies/functions/duplicate")).at("/Response/FunctionUrl/UrlId").asString();
        assertThat(copyUrl).as("triggers, the URL among them, are not copied").isNotEqualTo(sourceUrl);
        assertThat(Http.json(gateway.get("/fn/" + copyUrl + "/")).at("/env/GREETING").asString()).isEqualTo("copied");
        assertThat(source.getFunctionName()).isEqualTo("original");

        // (CopyConfiguration spelt out: a byte-identical request within the second is the SDK's re-send, answered from the cache)
        assertThat(code(() -> scf.CopyFunction(req(CopyFunctionRequest.class,
                "{\"FunctionName\":\"original\",\"NewFunctionName\":\"duplicate\",\"TargetNamespace\":\"copies\",\"CopyConfiguration\":true}"))))
                .isEqualTo("ResourceInUse.Function");
        scf.CopyFunction(req(CopyFunctionRequest.class, "{\"FunctionName\":\"original\",\"NewFunctionName\":\"code-only\",\"CopyConfiguration\":false}"));
        GetFunctionResponse codeOnly = get("code-only", "$LATEST");
        assertThat(codeOnly.getMemorySize()).as("a new target of a code-only copy gets defaults").isEqualTo(128L);
        assertThat(codeOnly.getCodeSize()).isEqualTo(source.getCodeSize());

        scf.UpdateFunctionConfiguration(req(UpdateFunctionConfigurationRequest.class, "{\"FunctionName\":\"original\",\"MemorySize\":1024}"));
        scf.CopyFunction(req(CopyFunctionRequest.class,
                "{\"FunctionName\":\"original\",\"NewFunctionName\":\"duplicate\",\"TargetNamespace\":\"copies\",\"Override\":true,\"Description\":\"overwritten\"}"));
        GetFunctionResponse overwritten = scf.GetFunction(req(GetFunctionRequest.class, "{\"FunctionName\":\"duplicate\",\"Namespace\":\"copies\"}"));
        assertThat(overwritten.getMemorySize()).isEqualTo(1024L);
        assertThat(overwritten.getDescription()).isEqualTo("overwritten");

        assertThat(code(() -> scf.CopyFunction(req(CopyFunctionRequest.class,
                "{\"FunctionName\":\"original\",\"NewFunctionName\":\"far\",\"TargetRegion\":\"ap-tokyo\"}")))).isEqualTo("FailedOperation.CopyFunction");
        assertThat(code(() -> scf.CopyFunction(req(CopyFunctionRequest.class,
                "{\"FunctionName\":\"original\",\"NewFunctionName\":\"elsewhere\",\"TargetNamespace\":\"nowhere\"}")))).isEqualTo("ResourceNotFound.Namespace");
        assertThat(code(() -> scf.CopyFunction(req(CopyFunctionRequest.class,
                "{\"FunctionName\":\"missing\",\"NewFunctionName\":\"elsewhere\"}")))).isEqualTo("ResourceNotFound.Function");
    }

    @Test
    void layers_arePublishedListedBoundAndProtectedWhileBound() throws Exception {
        String layerZip = ZipBuilder.zip().file("python/helper.py", "X = 1\n").base64();
        long v1 = scf.PublishLayerVersion(req(PublishLayerVersionRequest.class,
                "{\"LayerName\":\"helpers\",\"CompatibleRuntimes\":[\"Python3.9\"],\"Content\":{\"ZipFile\":\"" + layerZip + "\"},\"Description\":\"first\"}")).getLayerVersion();
        long v2 = scf.PublishLayerVersion(req(PublishLayerVersionRequest.class,
                "{\"LayerName\":\"helpers\",\"CompatibleRuntimes\":[\"Python3.9\",\"Python3.10\"],\"Content\":{\"ZipFile\":\"" + layerZip + "\"},\"LicenseInfo\":\"MIT\"}")).getLayerVersion();
        assertThat(List.of(v1, v2)).containsExactly(1L, 2L);

        ListLayersResponse layers = scf.ListLayers(req(ListLayersRequest.class, "{\"CompatibleRuntime\":\"Python3.10\"}"));
        assertThat(layers.getLayers()).extracting(LayerVersionInfo::getLayerName, LayerVersionInfo::getLayerVersion).contains(org.assertj.core.groups.Tuple.tuple("helpers", 2L));
        assertThat(scf.ListLayers(req(ListLayersRequest.class, "{\"CompatibleRuntime\":\"Nodejs16.13\"}")).getTotalCount()).isZero();
        assertThat(scf.ListLayerVersions(req(ListLayerVersionsRequest.class, "{\"LayerName\":\"helpers\"}")).getLayerVersions())
                .extracting(LayerVersionInfo::getLayerVersion).containsExactly(2L, 1L);
        GetLayerVersionResponse got = scf.GetLayerVersion(req(GetLayerVersionRequest.class, "{\"LayerName\":\"helpers\",\"LayerVersion\":2}"));
        assertThat(got.getLicenseInfo()).isEqualTo("MIT");
        assertThat(got.getCodeSha256()).hasSize(64);
        assertThat(got.getCompatibleRuntimes()).containsExactly("Python3.9", "Python3.10");

        scf.CreateFunction(req(CreateFunctionRequest.class, """
                {"FunctionName":"layered","Runtime":"Python3.9","Handler":"index.main_handler","Code":{"ZipFile":"%s"},
                 "Layers":[{"LayerName":"helpers","LayerVersion":1}]}
                """.formatted(eventZip)));
        assertThat(get("layered", "$LATEST").getLayers()).extracting(LayerVersionInfo::getLayerName, LayerVersionInfo::getLayerVersion)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("helpers", 1L));
        assertThat(code(() -> scf.DeleteLayerVersion(req(DeleteLayerVersionRequest.class, "{\"LayerName\":\"helpers\",\"LayerVersion\":1}"))))
                .isEqualTo("ResourceInUse.LayerVersion");
        scf.DeleteLayerVersion(req(DeleteLayerVersionRequest.class, "{\"LayerName\":\"helpers\",\"LayerVersion\":2}"));
        assertThat(code(() -> scf.GetLayerVersion(req(GetLayerVersionRequest.class, "{\"LayerName\":\"helpers\",\"LayerVersion\":2}"))))
                .isEqualTo("ResourceNotFound.LayerVersion");

        assertThat(code(() -> scf.CreateFunction(req(CreateFunctionRequest.class, """
                {"FunctionName":"wrong-runtime","Runtime":"Nodejs16.13","Handler":"index.main_handler","Code":{"ZipFile":"%s"},
                 "Layers":[{"LayerName":"helpers","LayerVersion":1}]}
                """.formatted(ZipBuilder.zip().file("index.js", "exports.main_handler = async () => 1;").base64()))))).isEqualTo("InvalidParameterValue.Layers");
        assertThat(code(() -> scf.UpdateFunctionConfiguration(req(UpdateFunctionConfigurationRequest.class,
                "{\"FunctionName\":\"layered\",\"Layers\":[{\"LayerName\":\"helpers\",\"LayerVersion\":9}]}")))).isEqualTo("ResourceNotFound.LayerVersion");
        assertThat(code(() -> scf.PublishLayerVersion(req(PublishLayerVersionRequest.class,
                "{\"LayerName\":\"1bad\",\"CompatibleRuntimes\":[\"Python3.9\"],\"Content\":{\"ZipFile\":\"" + layerZip + "\"}}")))).isEqualTo("InvalidParameterValue.LayerName");
        assertThat(code(() -> scf.PublishLayerVersion(req(PublishLayerVersionRequest.class,
                "{\"LayerName\":\"many\",\"CompatibleRuntimes\":[\"Python3.6\",\"Python3.7\",\"Python3.9\",\"Python3.10\",\"Python3.11\",\"Python3.12\"],\"Content\":{\"ZipFile\":\"" + layerZip + "\"}}"))))
                .isEqualTo("InvalidParameterValue.CompatibleRuntimes");
        // unbinding frees the version
        scf.UpdateFunctionConfiguration(req(UpdateFunctionConfigurationRequest.class, "{\"FunctionName\":\"layered\",\"Layers\":[]}"));
        assertThat(get("layered", "$LATEST").getLayers()).isEmpty();
        scf.DeleteLayerVersion(req(DeleteLayerVersionRequest.class, "{\"LayerName\":\"helpers\",\"LayerVersion\":1}"));

        // fill the region's layers up to the quota (other tests may hold some), then one more is refused
        List<String> made = new java.util.ArrayList<>();
        try {
            for (int i = 1; scf.ListLayers(req(ListLayersRequest.class, "{\"Limit\":100}")).getTotalCount() < LAYER_QUOTA; i++) {
                scf.PublishLayerVersion(req(PublishLayerVersionRequest.class,
                        "{\"LayerName\":\"quota" + i + "\",\"CompatibleRuntimes\":[\"Python3.9\"],\"Content\":{\"ZipFile\":\"" + layerZip + "\"}}"));
                made.add("quota" + i);
            }
            assertThat(code(() -> scf.PublishLayerVersion(req(PublishLayerVersionRequest.class,
                    "{\"LayerName\":\"one-too-many\",\"CompatibleRuntimes\":[\"Python3.9\"],\"Content\":{\"ZipFile\":\"" + layerZip + "\"}}")))).isEqualTo("LimitExceeded.Layers");
            assertThat(scf.ListLayers(req(ListLayersRequest.class, "{\"Limit\":100}")).getTotalCount()).isEqualTo((long) LAYER_QUOTA);
        } finally {
            for (String name : made) {
                scf.DeleteLayerVersion(req(DeleteLayerVersionRequest.class, "{\"LayerName\":\"" + name + "\",\"LayerVersion\":1}"));
            }
        }
    }

    @Test
    void aliases_routeToVersions_defaultAlwaysExists_andABoundVersionIsNotDeleted() throws Exception {
        scf.CreateFunction(req(CreateFunctionRequest.class, "{\"FunctionName\":\"aliased\",\"Type\":\"HTTP\",\"Code\":{\"ZipFile\":\"" + webZip + "\"}}"));
        // each publish says something else: byte-identical requests in one second are taken for the SDK's re-send
        for (String description : List.of("one", "two", "three")) {
            scf.PublishVersion(req(PublishVersionRequest.class, "{\"FunctionName\":\"aliased\",\"Description\":\"" + description + "\"}"));
        }

        scf.CreateAlias(req(CreateAliasRequest.class, """
                {"FunctionName":"aliased","Name":"prod","FunctionVersion":"1","Description":"production",
                 "RoutingConfig":{"AdditionalVersionWeights":[{"Version":"2","Weight":0.25}]}}
                """));
        GetAliasResponse prod = scf.GetAlias(req(GetAliasRequest.class, "{\"FunctionName\":\"aliased\",\"Name\":\"prod\"}"));
        assertThat(prod.getFunctionVersion()).isEqualTo("1");
        assertThat(prod.getRoutingConfig().getAdditionalVersionWeights()[0].getWeight()).isEqualTo(0.25f);
        assertThat(prod.getDescription()).isEqualTo("production");

        ListAliasesResponse all = scf.ListAliases(req(ListAliasesRequest.class, "{\"FunctionName\":\"aliased\"}"));
        assertThat(all.getAliases()).extracting(Alias::getName).containsExactly("$DEFAULT", "prod");
        assertThat(all.getAliases()[0].getFunctionVersion()).isEqualTo("$LATEST");
        assertThat(scf.ListAliases(req(ListAliasesRequest.class, "{\"FunctionName\":\"aliased\",\"FunctionVersion\":\"2\",\"Offset\":\"0\",\"Limit\":\"10\"}"))
                .getAliases()).extracting(Alias::getName).containsExactly("prod");

        assertThat(code(() -> scf.DeleteFunction(req(DeleteFunctionRequest.class, "{\"FunctionName\":\"aliased\",\"Qualifier\":\"2\"}"))))
                .as("version 2 gets a quarter of prod's traffic").isEqualTo("UnsupportedOperation.AliasBind");
        scf.UpdateAlias(req(UpdateAliasRequest.class, """
                {"FunctionName":"aliased","Name":"prod","FunctionVersion":"3",
                 "RoutingConfig":{"AddtionVersionMatchs":[{"Version":"1","Key":"invoke.headers.User","Method":"exact","Expression":"tester"}]}}
                """));
        assertThat(scf.GetAlias(req(GetAliasRequest.class, "{\"FunctionName\":\"aliased\",\"Name\":\"prod\"}")).getRoutingConfig()
                .getAddtionVersionMatchs()[0].getExpression()).isEqualTo("tester");
        scf.DeleteFunction(req(DeleteFunctionRequest.class, "{\"FunctionName\":\"aliased\",\"Qualifier\":\"2\"}"));

        assertThat(code(() -> scf.CreateAlias(req(CreateAliasRequest.class, "{\"FunctionName\":\"aliased\",\"Name\":\"prod\",\"FunctionVersion\":\"1\"}"))))
                .isEqualTo("ResourceInUse.Alias");
        assertThat(code(() -> scf.CreateAlias(req(CreateAliasRequest.class, "{\"FunctionName\":\"aliased\",\"Name\":\"1st\",\"FunctionVersion\":\"1\"}"))))
                .isEqualTo("InvalidParameterValue.Name");
        assertThat(code(() -> scf.CreateAlias(req(CreateAliasRequest.class, "{\"FunctionName\":\"aliased\",\"Name\":\"old\",\"FunctionVersion\":\"2\"}"))))
                .isEqualTo("ResourceNotFound.Version");
        assertThat(code(() -> scf.CreateAlias(req(CreateAliasRequest.class, """
                {"FunctionName":"aliased","Name":"heavy","FunctionVersion":"1","RoutingConfig":{"AdditionalVersionWeights":[{"Version":"3","Weight":1.5}]}}
                """)))).isEqualTo("InvalidParameterValue.RoutingConfig");
        scf.CreateAlias(req(CreateAliasRequest.class, "{\"FunctionName\":\"aliased\",\"Name\":\"beta\",\"FunctionVersion\":\"$LATEST\"}"));
        assertThat(code(() -> scf.CreateAlias(req(CreateAliasRequest.class, "{\"FunctionName\":\"aliased\",\"Name\":\"gamma\",\"FunctionVersion\":\"1\"}"))))
                .as("three aliases, $DEFAULT included").isEqualTo("LimitExceeded.Alias");
        assertThat(code(() -> scf.DeleteAlias(req(DeleteAliasRequest.class, "{\"FunctionName\":\"aliased\",\"Name\":\"$DEFAULT\"}"))))
                .isEqualTo("InvalidParameterValue.Alias");
        scf.DeleteAlias(req(DeleteAliasRequest.class, "{\"FunctionName\":\"aliased\",\"Name\":\"beta\"}"));
        assertThat(code(() -> scf.GetAlias(req(GetAliasRequest.class, "{\"FunctionName\":\"aliased\",\"Name\":\"beta\"}")))).isEqualTo("ResourceNotFound.Alias");
        assertThat(scf.GetAlias(req(GetAliasRequest.class, "{\"FunctionName\":\"aliased\",\"Name\":\"$DEFAULT\"}")).getFunctionVersion()).isEqualTo("$LATEST");
    }

    @Test
    void theUrlRunsTheVersionsTheDefaultAliasRoutesTo_byRuleAndByWeight_andSaysWhichRan() throws Exception {
        scf.CreateFunction(req(CreateFunctionRequest.class, "{\"FunctionName\":\"canary\",\"Type\":\"HTTP\",\"Code\":{\"ZipFile\":\"" + webZip + "\"}}"));
        scf.PublishVersion(req(PublishVersionRequest.class, "{\"FunctionName\":\"canary\",\"Description\":\"python\"}"));
        scf.UpdateFunctionCode(req(com.tencentcloudapi.scf.v20180416.models.UpdateFunctionCodeRequest.class,
                "{\"FunctionName\":\"canary\",\"Code\":{\"ZipFile\":\"" + ZipBuilder.directory(Path.of("src/test/resources/functions/node-web")).base64() + "\"}}"));
        scf.PublishVersion(req(PublishVersionRequest.class, "{\"FunctionName\":\"canary\",\"Description\":\"node\"}"));
        Http gateway = api();
        String url = "/fn/" + Http.json(gateway.get("/api/v1/namespaces/default/functions/canary")).at("/Response/FunctionUrl/UrlId").asString() + "/";
        var cold = gateway.get(url);
        assertThat(cold.headers().firstValue("X-Scf-Version")).as("$DEFAULT starts at $LATEST").hasValue("$LATEST");
        // a function URL invokes $DEFAULT: every line of the call says so (a cold start: the lease carried the alias)
        String coldId = cold.headers().firstValue("X-Scf-Request-Id").orElseThrow();
        dev.faas.testsupport.Eventually.await("the cold call's Report, through $DEFAULT", () -> {
            var logs = Http.json(gateway.get("/api/v1/logs?functionName=canary&requestId=" + coldId)).at("/Response/Logs");
            return java.util.stream.StreamSupport.stream(logs.spliterator(), false).anyMatch(l -> l.get("SCF_Message").asString().startsWith("Report"))
                    && java.util.stream.StreamSupport.stream(logs.spliterator(), false).allMatch(l -> l.get("SCF_Alias").asString().equals("$DEFAULT"));
        });

        scf.UpdateAlias(req(UpdateAliasRequest.class, """
                {"FunctionName":"canary","Name":"$DEFAULT","FunctionVersion":"1",
                 "RoutingConfig":{"AddtionVersionMatchs":[{"Version":"2","Key":"invoke.headers.X-User","Method":"exact","Expression":"tester"}]}}
                """));
        dev.faas.testsupport.Eventually.await("the gateway to route $DEFAULT to version 1",
                () -> gateway.get(url).headers().firstValue("X-Scf-Version").orElse("").equals("1"));
        for (int i = 0; i < 5; i++) {
            var plain = gateway.get(url);
            assertThat(plain.headers().firstValue("X-Scf-Version")).hasValue("1");
            assertThat(plain.headers().firstValue("X-Function")).hasValue("python");
            var tester = gateway.send(gateway.builder(url).header("X-User", "tester").GET());
            assertThat(tester.headers().firstValue("X-Scf-Version")).hasValue("2");
            assertThat(tester.headers().firstValue("X-Function")).hasValue("node");
        }
        var seen = gateway.send(gateway.builder(url).header("X-User", "tester").GET());
        assertThat(Http.json(seen).at("/headers/x-scf-version/0").asString()).as("the instance is told its version").isEqualTo("2");
        String requestId = seen.headers().firstValue("X-Scf-Request-Id").orElseThrow();
        dev.faas.testsupport.Eventually.await("the logs of the version-2 run", () -> {
            var logs = Http.json(gateway.get("/api/v1/logs?functionName=canary&requestId=" + requestId)).at("/Response/Logs");
            // a warm call on a held slot: its start report carried the alias
            return java.util.stream.StreamSupport.stream(logs.spliterator(), false).anyMatch(l -> l.get("SCF_Message").asString().startsWith("Report"))
                    && java.util.stream.StreamSupport.stream(logs.spliterator(), false)
                    .allMatch(l -> l.get("SCF_Qualifier").asString().equals("2") && l.get("SCF_Alias").asString().equals("$DEFAULT"));
        });

        scf.UpdateAlias(req(UpdateAliasRequest.class, """
                {"FunctionName":"canary","Name":"$DEFAULT","FunctionVersion":"1",
                 "RoutingConfig":{"AdditionalVersionWeights":[{"Version":"2","Weight":0.5}]}}
                """));
        dev.faas.testsupport.Eventually.await("the gateway to drop the header rule",
                () -> gateway.send(gateway.builder(url).header("X-User", "tester").GET()).headers().firstValue("X-Scf-Version").orElse("").equals("1"));
        java.util.Map<String, Integer> counts = new java.util.TreeMap<>();
        for (int i = 0; i < 60; i++) {
            counts.merge(gateway.get(url).headers().firstValue("X-Scf-Version").orElse("?"), 1, Integer::sum);
        }
        // with a weight of one half, 60 draws all landing on one side has a probability of 2^-59
        assertThat(counts.keySet()).containsExactly("1", "2");
    }

    @Test
    void httpTriggers_areFunctionUrlsBoundToAVersionOrAlias_listedToggledAndDeleted() throws Exception {
        scf.CreateFunction(req(CreateFunctionRequest.class, "{\"FunctionName\":\"urls\",\"Type\":\"HTTP\",\"Code\":{\"ZipFile\":\"" + webZip + "\"}}"));
        scf.PublishVersion(req(PublishVersionRequest.class, "{\"FunctionName\":\"urls\",\"Description\":\"python\"}"));
        scf.UpdateFunctionCode(req(com.tencentcloudapi.scf.v20180416.models.UpdateFunctionCodeRequest.class,
                "{\"FunctionName\":\"urls\",\"Code\":{\"ZipFile\":\"" + ZipBuilder.directory(Path.of("src/test/resources/functions/node-web")).base64() + "\"}}"));
        scf.PublishVersion(req(PublishVersionRequest.class, "{\"FunctionName\":\"urls\",\"Description\":\"node\"}"));
        scf.CreateAlias(req(CreateAliasRequest.class, "{\"FunctionName\":\"urls\",\"Name\":\"live\",\"FunctionVersion\":\"2\"}"));

        var v1 = scf.CreateTrigger(req(CreateTriggerRequest.class, """
                {"FunctionName":"urls","TriggerName":"v1-url","Type":"http","Qualifier":"1",
                 "TriggerDesc":"{\\"AuthType\\":\\"NONE\\",\\"NetConfig\\":{\\"EnableIntranet\\":false,\\"EnableExtranet\\":true}}"}
                """)).getTriggerInfo();
        assertThat(v1.getEnable()).isEqualTo(1L);
        assertThat(v1.getQualifier()).isEqualTo("1");
        var v1Desc = Http.json(v1.getTriggerDesc());
        String v1Url = v1Desc.get("Url").asString();
        assertThat(v1Url).startsWith(platform.gatewayUrl() + "/fn/");
        assertThat(v1Desc.get("AuthType").asString()).isEqualTo("NONE");
        var live = scf.CreateTrigger(req(CreateTriggerRequest.class,
                "{\"FunctionName\":\"urls\",\"TriggerName\":\"live-url\",\"Type\":\"http\",\"Qualifier\":\"live\"}")).getTriggerInfo();
        String liveUrl = Http.json(live.getTriggerDesc()).get("Url").asString();

        Http gateway = api();
        String v1Path = v1Url.substring(platform.gatewayUrl().length());
        String livePath = liveUrl.substring(platform.gatewayUrl().length());
        var first = gateway.get(v1Path + "hello?x=1");
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.headers().firstValue("X-Scf-Version")).hasValue("1");
        assertThat(first.headers().firstValue("X-Function")).hasValue("python");
        assertThat(Http.json(first).get("path").asString()).isEqualTo("/hello?x=1");
        assertThat(gateway.get(livePath).headers().firstValue("X-Scf-Version")).as("the alias live points to version 2").hasValue("2");
        String hostForm = Http.json(v1.getTriggerDesc()).get("HostUrl").asString();
        assertThat(hostForm).contains(v1Desc.get("UrlId").asString() + ".");

        var listed = scf.ListTriggers(req(ListTriggersRequest.class, "{\"FunctionName\":\"urls\",\"OrderBy\":\"add_time\",\"Order\":\"ASC\"}"));
        assertThat(listed.getTotalCount()).isEqualTo(2L);
        assertThat(listed.getTriggers()).extracting(TriggerInfo::getTriggerName).containsExactly("v1-url", "live-url");
        assertThat(scf.ListTriggers(req(ListTriggersRequest.class, "{\"FunctionName\":\"urls\",\"Filters\":[{\"Name\":\"Qualifier\",\"Values\":[\"live\"]}]}"))
                .getTriggers()).extracting(TriggerInfo::getTriggerName).containsExactly("live-url");
        // GetFunction lists them too, each with what it invokes
        var described = scf.GetFunction(req(GetFunctionRequest.class, "{\"FunctionName\":\"urls\"}")).getTriggers();
        assertThat(described).extracting(com.tencentcloudapi.scf.v20180416.models.Trigger::getTriggerName).containsExactly("v1-url", "live-url");
        assertThat(described).extracting(com.tencentcloudapi.scf.v20180416.models.Trigger::getQualifier).containsExactly("1", "live");
        assertThat(described).extracting(com.tencentcloudapi.scf.v20180416.models.Trigger::getType).containsOnly("http");
        assertThat(described[0].getEnable()).isEqualTo(1L);

        assertThat(code(() -> scf.CreateTrigger(req(CreateTriggerRequest.class,
                "{\"FunctionName\":\"urls\",\"TriggerName\":\"v1-url\",\"Type\":\"http\",\"Qualifier\":\"2\"}")))).isEqualTo("ResourceInUse.Trigger");
        assertThat(code(() -> scf.CreateTrigger(req(CreateTriggerRequest.class,
                "{\"FunctionName\":\"urls\",\"TriggerName\":\"tick\",\"Type\":\"timer\",\"TriggerDesc\":\"0 */5 * * * * *\"}")))).isEqualTo("UnsupportedOperation.Trigger");
        assertThat(code(() -> scf.CreateTrigger(req(CreateTriggerRequest.class,
                "{\"FunctionName\":\"urls\",\"TriggerName\":\"cam\",\"Type\":\"http\",\"TriggerDesc\":\"{\\\"AuthType\\\":\\\"CAM\\\"}\"}")))).isEqualTo("UnsupportedOperation.Trigger");
        assertThat(code(() -> scf.CreateTrigger(req(CreateTriggerRequest.class,
                "{\"FunctionName\":\"urls\",\"TriggerName\":\"old\",\"Type\":\"http\",\"Qualifier\":\"9\"}")))).isEqualTo("ResourceNotFound.Version");
        assertThat(code(() -> scf.CreateTrigger(req(CreateTriggerRequest.class,
                "{\"FunctionName\":\"urls\",\"TriggerName\":\"odd\",\"Type\":\"http\",\"Qualifier\":\"canary\"}")))).isEqualTo("ResourceNotFound.Alias");
        assertThat(code(() -> scf.CreateTrigger(req(CreateTriggerRequest.class,
                "{\"FunctionName\":\"nobody\",\"TriggerName\":\"u\",\"Type\":\"http\"}")))).isEqualTo("ResourceNotFound.Function");
        assertThat(code(() -> scf.CreateTrigger(req(CreateTriggerRequest.class,
                "{\"FunctionName\":\"urls\",\"TriggerName\":\"off\",\"Type\":\"http\",\"Enable\":\"NO\"}")))).isEqualTo("InvalidParameterValue.Enable");
        scf.CreateTrigger(req(CreateTriggerRequest.class, "{\"FunctionName\":\"urls\",\"TriggerName\":\"latest-url\",\"Type\":\"http\"}"));
        assertThat(code(() -> scf.CreateTrigger(req(CreateTriggerRequest.class,
                "{\"FunctionName\":\"urls\",\"TriggerName\":\"one-more\",\"Type\":\"http\"}")))).as("%d http triggers a function", TRIGGER_QUOTA)
                .isEqualTo("LimitExceeded.Trigger");

        // UpdateTriggerStatus is not in the 3.1.430 typed client: CommonClient sends it
        var common = common();
        common.call("UpdateTriggerStatus", "{\"FunctionName\":\"urls\",\"TriggerName\":\"v1-url\",\"Type\":\"http\",\"Enable\":\"CLOSE\"}");
        dev.faas.testsupport.Eventually.await("a closed trigger's URL to answer 404", () -> gateway.get(v1Path).statusCode() == 404);
        common.call("UpdateTriggerStatus", "{\"FunctionName\":\"urls\",\"TriggerName\":\"v1-url\",\"Type\":\"http\",\"Enable\":\"OPEN\"}");
        dev.faas.testsupport.Eventually.await("the reopened URL to serve", () -> gateway.get(v1Path).statusCode() == 200);

        scf.DeleteTrigger(req(DeleteTriggerRequest.class, "{\"FunctionName\":\"urls\",\"TriggerName\":\"live-url\",\"Type\":\"http\"}"));
        dev.faas.testsupport.Eventually.await("a deleted trigger's URL to answer 404", () -> gateway.get(livePath).statusCode() == 404);
        assertThat(code(() -> scf.DeleteTrigger(req(DeleteTriggerRequest.class,
                "{\"FunctionName\":\"urls\",\"TriggerName\":\"live-url\",\"Type\":\"http\"}")))).isEqualTo("ResourceNotFound.Trigger");

        scf.DeleteFunction(req(DeleteFunctionRequest.class, "{\"FunctionName\":\"urls\"}"));
        dev.faas.testsupport.Eventually.await("the deleted function's URLs to answer 404", () -> gateway.get(v1Path).statusCode() == 404);
        scf.CreateFunction(req(CreateFunctionRequest.class, "{\"FunctionName\":\"urls\",\"Type\":\"HTTP\",\"Code\":{\"ZipFile\":\"" + webZip + "\"}}"));
        dev.faas.testsupport.Eventually.await("the old function's triggers to be gone with it",
                () -> triggerCount("urls") == 0);
        assertThat(gateway.get(v1Path).statusCode()).as("an old URL never serves a new function").isEqualTo(404);
    }

    @Test
    void boundLayers_areMergedInBindingOrder_onTheInstancesSearchPaths() throws Exception {
        String first = ZipBuilder.zip().file("greeting.py", "WHO = 'first layer'\n").file("shared.txt", "from the first layer").base64();
        String second = ZipBuilder.zip().file("shared.txt", "from the second layer").file("node_modules/greet/index.js", "module.exports = 1;").base64();
        long a = scf.PublishLayerVersion(req(PublishLayerVersionRequest.class,
                "{\"LayerName\":\"merge-a\",\"CompatibleRuntimes\":[\"Python3.9\"],\"Content\":{\"ZipFile\":\"" + first + "\"}}")).getLayerVersion();
        long b = scf.PublishLayerVersion(req(PublishLayerVersionRequest.class,
                "{\"LayerName\":\"merge-b\",\"CompatibleRuntimes\":[\"Python3.9\"],\"Content\":{\"ZipFile\":\"" + second + "\"}}")).getLayerVersion();
        String app = """
                import os
                from http.server import BaseHTTPRequestHandler, HTTPServer
                import greeting  # found on PYTHONPATH, in the first layer

                class Handler(BaseHTTPRequestHandler):
                    def do_GET(self):
                        shared = open(os.path.join(os.environ["FAAS_LAYERS_DIR"], "shared.txt")).read()
                        body = (greeting.WHO + "|" + shared + "|" + os.environ["PYTHONPATH"]).encode()
                        self.send_response(200)
                        self.send_header("Content-Length", str(len(body)))
                        self.end_headers()
                        self.wfile.write(body)

                HTTPServer(("127.0.0.1", int(os.environ["PORT"])), Handler).serve_forever()
                """;
        String zip = ZipBuilder.zip().executable("scf_bootstrap", "#!/bin/bash\nexec /var/lang/python3/bin/python3 -u app.py\n").file("app.py", app).base64();
        scf.CreateFunction(req(CreateFunctionRequest.class, """
                {"FunctionName":"with-layers","Type":"HTTP","Runtime":"Python3.9","Code":{"ZipFile":"%s"},
                 "Layers":[{"LayerName":"merge-a","LayerVersion":%d},{"LayerName":"merge-b","LayerVersion":%d}]}
                """.formatted(zip, a, b)));
        Http gateway = api();
        String url = "/fn/" + Http.json(gateway.get("/api/v1/namespaces/default/functions/with-layers")).at("/Response/FunctionUrl/UrlId").asString() + "/";
        var answer = gateway.get(url);
        assertThat(answer.statusCode()).isEqualTo(200);
        String[] parts = answer.body().split("\\|");
        assertThat(parts[0]).isEqualTo("first layer");
        assertThat(parts[1]).as("the later layer's file wins").isEqualTo("from the second layer");
        assertThat(parts[2].split(":")).as("code first, then the layers").hasSize(2);

        // binding them the other way round is a new revision with the other file on top
        scf.UpdateFunctionConfiguration(req(UpdateFunctionConfigurationRequest.class, """
                {"FunctionName":"with-layers","Layers":[{"LayerName":"merge-b","LayerVersion":%d},{"LayerName":"merge-a","LayerVersion":%d}]}
                """.formatted(b, a)));
        dev.faas.testsupport.Eventually.await("the first layer's file on top", () -> gateway.get(url).body().contains("|from the first layer|"));
    }

    @Test
    void aReservation_capsTheFunctionsConcurrency_andTheNextInvocationGets432() throws Exception {
        scf.CreateFunction(req(CreateFunctionRequest.class, "{\"FunctionName\":\"capped\",\"Type\":\"HTTP\",\"MemorySize\":128,\"Timeout\":30,\"Code\":{\"ZipFile\":\"" + webZip + "\"}}"));
        var common = common();
        common.call("PutReservedConcurrencyConfig", "{\"FunctionName\":\"capped\",\"ReservedConcurrencyMem\":256}");
        assertThat(Http.json(common.call("GetReservedConcurrencyConfig", "{\"FunctionName\":\"capped\"}")).at("/Response/ReservedMem").asLong()).isEqualTo(256);
        var account = scf.GetAccount(new GetAccountRequest());
        assertThat(account.getAccountUsage().getTotalAllocatedConcurrencyMem()).isEqualTo(256L);

        Http gateway = api();
        String url = "/fn/" + Http.json(gateway.get("/api/v1/namespaces/default/functions/capped")).at("/Response/FunctionUrl/UrlId").asString() + "/";
        java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient();
        var holders = List.of(
                client.sendAsync(gateway.builder(url + "?sleep_ms=6000").build(), java.net.http.HttpResponse.BodyHandlers.ofString()),
                client.sendAsync(gateway.builder(url + "?sleep_ms=6000").build(), java.net.http.HttpResponse.BodyHandlers.ofString()));
        // once both hold their slot (two busy instances), the 256 MB are in use
        Http scheduler = Http.at(platform.ports().scheduler());
        dev.faas.testsupport.Eventually.await("two invocations of capped in flight", () -> {
            int busy = 0;
            for (var instance : Http.json(scheduler.get("/internal/v1/instances"))) {
                if (instance.at("/pool/function").asString().equals("capped")) {
                    busy += instance.get("busySlots").asInt();
                }
            }
            return busy == 2;
        });
        java.util.concurrent.atomic.AtomicReference<java.net.http.HttpResponse<String>> refused = new java.util.concurrent.atomic.AtomicReference<>(gateway.get(url));
        assertThat(refused.get().statusCode()).as(refused.get().body()).isEqualTo(432);
        assertThat(Http.json(refused.get()).get("errorMessage").asString()).isEqualTo("ResourceLimitReached");
        assertThat(Http.json(refused.get()).get("statusCode").asInt()).isEqualTo(432);
        for (var holder : holders) {
            assertThat(holder.get(30, java.util.concurrent.TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        }
        assertThat(gateway.get(url).statusCode()).as("the quota is free again").isEqualTo(200);

        common.call("PutReservedConcurrencyConfig", "{\"FunctionName\":\"capped\",\"ReservedConcurrencyMem\":0}");
        assertThat(gateway.get(url).statusCode()).as("a reservation of 0 switches the function off").isEqualTo(432);
        common.call("DeleteReservedConcurrencyConfig", "{\"FunctionName\":\"capped\"}");
        assertThat(Http.json(common.call("GetReservedConcurrencyConfig", "{\"FunctionName\":\"capped\"}")).at("/Response/ReservedMem").isNull()).isTrue();
        assertThat(gateway.get(url).statusCode()).as("back on the shared pool").isEqualTo(200);

        assertThat(code(() -> common.call("PutReservedConcurrencyConfig", "{\"FunctionName\":\"capped\",\"ReservedConcurrencyMem\":115201}")))
                .as("12,800 MB of the 128,000 are never reserved").isEqualTo("LimitExceeded.FunctionReservedConcurrencyMemory");
        assertThat(code(() -> common.call("PutReservedConcurrencyConfig", "{\"FunctionName\":\"nobody\",\"ReservedConcurrencyMem\":128}")))
                .isEqualTo("ResourceNotFound.Function");
        common.call("PutReservedConcurrencyConfig", "{\"FunctionName\":\"capped\",\"ReservedConcurrencyMem\":100000}");
        try {
            assertThat(code(() -> common.call("PutTotalConcurrencyConfig", "{\"TotalConcurrencyMem\":112799}")))
                    .isEqualTo("LimitExceeded.TotalConcurrencyMemory");
            common.call("PutTotalConcurrencyConfig", "{\"TotalConcurrencyMem\":200000}");
            assertThat(scf.GetAccount(new GetAccountRequest()).getAccountUsage().getTotalConcurrencyMem()).isEqualTo(200000L);
        } finally {
            common.call("DeleteReservedConcurrencyConfig", "{\"FunctionName\":\"capped\"}");
            common.call("PutTotalConcurrencyConfig", "{\"TotalConcurrencyMem\":128000}");
        }
    }

    @Test
    void provisionedInstances_areReadyBeforeTheFirstCall_replacedWhenTheyBreak_andReleasedWhenDeleted() throws Exception {
        scf.CreateFunction(req(CreateFunctionRequest.class, "{\"FunctionName\":\"warm-ready\",\"Type\":\"HTTP\",\"Timeout\":10,\"Code\":{\"ZipFile\":\"" + webZip + "\"}}"));
        scf.PublishVersion(req(PublishVersionRequest.class, "{\"FunctionName\":\"warm-ready\",\"Description\":\"provisioned\"}"));
        var common = common();
        common.call("PutProvisionedConcurrencyConfig", "{\"FunctionName\":\"warm-ready\",\"Qualifier\":\"1\",\"VersionProvisionedConcurrencyNum\":2}");
        Http gateway = api();
        dev.faas.testsupport.Eventually.await("two provisioned instances ready", () -> available(common, "warm-ready") == 2);
        var config = Http.json(common.call("GetProvisionedConcurrencyConfig", "{\"FunctionName\":\"warm-ready\"}")).at("/Response/Allocated/0");
        assertThat(config.get("Status").asString()).isEqualTo("Done");
        assertThat(config.get("AllocatedProvisionedConcurrencyNum").asInt()).isEqualTo(2);
        dev.faas.testsupport.Eventually.await("a Provisioned Report for each", () -> messages(gateway, "warm-ready", null).stream()
                .filter(m -> m.startsWith("Provisioned Report RequestId: ")).count() == 2);

        String url = Http.json(scf.CreateTrigger(req(CreateTriggerRequest.class,
                "{\"FunctionName\":\"warm-ready\",\"TriggerName\":\"v1\",\"Type\":\"http\",\"Qualifier\":\"1\"}")).getTriggerInfo().getTriggerDesc())
                .get("Url").asString().substring(platform.gatewayUrl().length());
        var first = gateway.get(url);
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.headers().firstValue("X-Scf-Version")).hasValue("1");
        String requestId = first.headers().firstValue("X-Scf-Request-Id").orElseThrow();
        dev.faas.testsupport.Eventually.await("the first call's Report", () -> messages(gateway, "warm-ready", requestId).stream().anyMatch(m -> m.startsWith("Report ")));
        assertThat(messages(gateway, "warm-ready", requestId)).as("the first call found a warm instance").noneMatch(m -> m.startsWith("Init Report"));

        assertThat(gateway.get(url + "?exit=1").statusCode()).isEqualTo(439);
        dev.faas.testsupport.Eventually.await("the broken instance replaced", () -> available(common, "warm-ready") == 2);

        assertThat(code(() -> common.call("PutProvisionedConcurrencyConfig", "{\"FunctionName\":\"warm-ready\",\"Qualifier\":\"$LATEST\",\"VersionProvisionedConcurrencyNum\":1}")))
                .isEqualTo("InvalidParameterValue.Qualifier");
        assertThat(code(() -> common.call("PutProvisionedConcurrencyConfig", "{\"FunctionName\":\"warm-ready\",\"Qualifier\":\"9\",\"VersionProvisionedConcurrencyNum\":1}")))
                .isEqualTo("ResourceNotFound.Version");
        assertThat(code(() -> common.call("PutProvisionedConcurrencyConfig", "{\"FunctionName\":\"warm-ready\",\"Qualifier\":\"1\",\"VersionProvisionedConcurrencyNum\":1001}")))
                .as("1001 x 128 MB is over the 128,000 MB pool").isEqualTo("LimitExceeded.FunctionTotalProvisionedConcurrencyMemory");

        common.call("DeleteProvisionedConcurrencyConfig", "{\"FunctionName\":\"warm-ready\",\"Qualifier\":\"1\"}");
        assertThat(Http.json(common.call("GetProvisionedConcurrencyConfig", "{\"FunctionName\":\"warm-ready\"}")).at("/Response/Allocated")).isEmpty();
        Http scheduler = Http.at(platform.ports().scheduler());
        dev.faas.testsupport.Eventually.await("the instances handed to idle reclaim", () -> {
            for (var instance : Http.json(scheduler.get("/internal/v1/instances"))) {
                if (instance.at("/pool/function").asString().equals("warm-ready") && instance.get("provisioned").asBoolean()) {
                    return false;
                }
            }
            return true;
        });
    }

    @Test
    void scheduledProvisioning_setsTheTargetWhenItsCronFires() throws Exception {
        scf.CreateFunction(req(CreateFunctionRequest.class, "{\"FunctionName\":\"on-schedule\",\"Type\":\"HTTP\",\"Code\":{\"ZipFile\":\"" + webZip + "\"}}"));
        scf.PublishVersion(req(PublishVersionRequest.class, "{\"FunctionName\":\"on-schedule\",\"Description\":\"scheduled\"}"));
        var common = common();
        common.call("PutProvisionedConcurrencyConfig", """
                {"FunctionName":"on-schedule","Qualifier":"1","VersionProvisionedConcurrencyNum":0,
                 "TriggerActions":[{"TriggerName":"every-3s","TriggerProvisionedConcurrencyNum":1,"TriggerCronConfig":"*/3 * * * * * *"}]}
                """);
        assertThat(Http.json(common.call("GetProvisionedConcurrencyConfig", "{\"FunctionName\":\"on-schedule\"}"))
                .at("/Response/Allocated/0/TriggerActions/0/TriggerName").asString()).isEqualTo("every-3s");
        dev.faas.testsupport.Eventually.await("the cron to fire and its instance to start", () -> available(common, "on-schedule") == 1);
        assertThat(Http.json(common.call("GetProvisionedConcurrencyConfig", "{\"FunctionName\":\"on-schedule\"}"))
                .at("/Response/Allocated/0/AllocatedProvisionedConcurrencyNum").asInt()).as("the action set the target").isEqualTo(1);

        assertThat(code(() -> common.call("PutProvisionedConcurrencyConfig", """
                {"FunctionName":"on-schedule","Qualifier":"1","VersionProvisionedConcurrencyNum":0,
                 "TriggerActions":[{"TriggerName":"a","TriggerProvisionedConcurrencyNum":1,"TriggerCronConfig":"0 0 9 * * * *"},
                                   {"TriggerName":"a","TriggerProvisionedConcurrencyNum":2,"TriggerCronConfig":"0 0 10 * * * *"}]}
                """))).isEqualTo("InvalidParameterValue.ProvisionTriggerNameDuplicate");
        assertThat(code(() -> common.call("PutProvisionedConcurrencyConfig", """
                {"FunctionName":"on-schedule","Qualifier":"1","VersionProvisionedConcurrencyNum":0,
                 "TriggerActions":[{"TriggerName":"a","TriggerProvisionedConcurrencyNum":1,"TriggerCronConfig":"0 0 25 * * * *"}]}
                """))).isEqualTo("InvalidParameterValue.TriggerCronConfig");
        assertThat(code(() -> common.call("PutProvisionedConcurrencyConfig", """
                {"FunctionName":"on-schedule","Qualifier":"1","VersionProvisionedConcurrencyNum":0,
                 "TriggerActions":[{"TriggerName":"a","TriggerProvisionedConcurrencyNum":1,"TriggerCronConfig":"0 0 9 * * * *"},
                                   {"TriggerName":"b","TriggerProvisionedConcurrencyNum":2,"TriggerCronConfig":"0 0 9 * * * *"}]}
                """))).isEqualTo("InvalidParameterValue.ProvisionTriggerCronConfigDuplicate");
        common.call("DeleteProvisionedConcurrencyConfig", "{\"FunctionName\":\"on-schedule\",\"Qualifier\":\"1\"}");
    }

    @Test
    void targetTracking_raisesTheProvisionedTargetWithTheRequestsInFlight() throws Exception {
        scf.CreateFunction(req(CreateFunctionRequest.class, "{\"FunctionName\":\"tracked\",\"Type\":\"HTTP\",\"Timeout\":60,\"Code\":{\"ZipFile\":\"" + webZip + "\"}}"));
        scf.PublishVersion(req(PublishVersionRequest.class, "{\"FunctionName\":\"tracked\",\"Description\":\"tracked\"}"));
        var common = common();
        common.call("PutProvisionedConcurrencyConfig", """
                {"FunctionName":"tracked","Qualifier":"1","VersionProvisionedConcurrencyNum":1,
                 "ProvisionedType":"ConcurrencyUtilizationTracking","TrackingTarget":0.5,"MinCapacity":1,"MaxCapacity":3}
                """);
        dev.faas.testsupport.Eventually.await("the minimum ready", () -> available(common, "tracked") == 1);
        String url = Http.json(scf.CreateTrigger(req(CreateTriggerRequest.class,
                "{\"FunctionName\":\"tracked\",\"TriggerName\":\"v1\",\"Type\":\"http\",\"Qualifier\":\"1\"}")).getTriggerInfo().getTriggerDesc())
                .get("Url").asString().substring(platform.gatewayUrl().length());
        Http gateway = api();
        var client = java.net.http.HttpClient.newHttpClient();
        var holders = List.of(
                client.sendAsync(gateway.builder(url + "?sleep_ms=18000").build(), java.net.http.HttpResponse.BodyHandlers.ofString()),
                client.sendAsync(gateway.builder(url + "?sleep_ms=18000").build(), java.net.http.HttpResponse.BodyHandlers.ofString()));
        // two in flight at a target utilisation of 0.5 want 4, clamped to the maximum of 3
        dev.faas.testsupport.Eventually.await("the target raised to the maximum", () -> allocated(common, "tracked") == 3);
        var config = Http.json(common.call("GetProvisionedConcurrencyConfig", "{\"FunctionName\":\"tracked\"}")).at("/Response/Allocated/0");
        assertThat(config.get("ProvisionedType").asString()).isEqualTo("ConcurrencyUtilizationTracking");
        assertThat(config.get("MaxCapacity").asInt()).isEqualTo(3);
        assertThat(code(() -> common.call("PutProvisionedConcurrencyConfig", """
                {"FunctionName":"tracked","Qualifier":"1","VersionProvisionedConcurrencyNum":1,
                 "ProvisionedType":"ConcurrencyUtilizationTracking","TrackingTarget":1.5,"MinCapacity":1,"MaxCapacity":3}
                """))).isEqualTo("InvalidParameterValue");
        assertThat(code(() -> common.call("PutProvisionedConcurrencyConfig", """
                {"FunctionName":"tracked","Qualifier":"1","VersionProvisionedConcurrencyNum":1,"ProvisionedType":"Guess"}
                """))).isEqualTo("InvalidParameterValue.ProvisionType");
        common.call("DeleteProvisionedConcurrencyConfig", "{\"FunctionName\":\"tracked\",\"Qualifier\":\"1\"}");
        for (var holder : holders) {
            assertThat(holder.get(60, java.util.concurrent.TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        }
    }

    private static int allocated(com.tencentcloudapi.common.CommonClient common, String function) {
        return provisionedOf(common, function, "AllocatedProvisionedConcurrencyNum");
    }

    private static int available(com.tencentcloudapi.common.CommonClient common, String function) {
        return provisionedOf(common, function, "AvailableProvisionedConcurrencyNum");
    }

    /** A number of the first version's GetProvisionedConcurrencyConfig entry, 0 when there is none. */
    private static int provisionedOf(com.tencentcloudapi.common.CommonClient common, String function, String field) {
        try {
            var allocated = Http.json(common.call("GetProvisionedConcurrencyConfig", "{\"FunctionName\":\"" + function + "\"}")).at("/Response/Allocated/0");
            return allocated.isMissingNode() ? 0 : allocated.get(field).asInt();
        } catch (TencentCloudSDKException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> messages(Http gateway, String function, String requestId) {
        List<String> result = new java.util.ArrayList<>();
        Http.json(gateway.get("/api/v1/logs?functionName=" + function + (requestId == null ? "" : "&requestId=" + requestId)))
                .at("/Response/Logs").forEach(l -> result.add(l.get("SCF_Message").asString()));
        return result;
    }

    private static long triggerCount(String function) {
        try {
            return scf.ListTriggers(req(ListTriggersRequest.class, "{\"FunctionName\":\"" + function + "\"}")).getTotalCount();
        } catch (TencentCloudSDKException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The gateway, with the admin key for the REST API. */
    private static Http api() {
        return new Http(platform.gatewayUrl()).withApiKey(admin.secretId(), admin.secretKey());
    }
}
