package dev.faas.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.tencentcloudapi.common.CommonClient;
import com.tencentcloudapi.common.Credential;
import com.tencentcloudapi.common.exception.TencentCloudSDKException;
import com.tencentcloudapi.common.profile.ClientProfile;
import com.tencentcloudapi.common.profile.HttpProfile;
import com.tencentcloudapi.scf.v20180416.ScfClient;
import com.tencentcloudapi.scf.v20180416.models.Code;
import com.tencentcloudapi.scf.v20180416.models.CreateNamespaceRequest;
import com.tencentcloudapi.scf.v20180416.models.DeleteNamespaceRequest;
import com.tencentcloudapi.scf.v20180416.models.ListNamespacesRequest;
import com.tencentcloudapi.scf.v20180416.models.ListNamespacesResponse;
import com.tencentcloudapi.scf.v20180416.models.ListVersionByFunctionRequest;
import com.tencentcloudapi.scf.v20180416.models.ListVersionByFunctionResponse;
import com.tencentcloudapi.scf.v20180416.models.PublishVersionRequest;
import com.tencentcloudapi.scf.v20180416.models.PublishVersionResponse;
import com.tencentcloudapi.scf.v20180416.models.SearchKey;
import com.tencentcloudapi.scf.v20180416.models.UpdateFunctionCodeRequest;
import com.tencentcloudapi.scf.v20180416.models.UpdateFunctionConfigurationRequest;
import com.tencentcloudapi.scf.v20180416.models.UpdateNamespaceRequest;
import com.tencentcloudapi.scf.v20180416.models.CreateFunctionRequest;
import com.tencentcloudapi.scf.v20180416.models.DeleteFunctionRequest;
import com.tencentcloudapi.scf.v20180416.models.Environment;
import com.tencentcloudapi.scf.v20180416.models.GetFunctionRequest;
import com.tencentcloudapi.scf.v20180416.models.GetFunctionResponse;
import com.tencentcloudapi.scf.v20180416.models.ListFunctionsRequest;
import com.tencentcloudapi.scf.v20180416.models.ListFunctionsResponse;
import com.tencentcloudapi.scf.v20180416.models.Variable;

import dev.faas.contracts.tc3.Tc3Signature;
import dev.faas.gateway.keys.AccessKeys;
import dev.faas.testsupport.Eventually;
import dev.faas.testsupport.Http;
import dev.faas.testsupport.ZipBuilder;

/**
 * The official SDK's {@code ScfClient} (tencentcloud-sdk-java 3.1.430), pointed at the started platform's gateway,
 * manages functions with the admin key the first start created: API 3.0 with TC3 signatures, errors as SCF codes.
 */
class ScfSdkIT {
    /** A small version quota, so reaching it takes a few publishes. */
    private static final int VERSION_QUOTA = 3;
    private static StandalonePlatform platform;
    private static AccessKeys.NewKey admin;
    private static ScfClient scf;

    @BeforeAll
    static void start() throws Exception {
        Path dataDir = Files.createTempDirectory("faas-sdk");
        platform = StandalonePlatform.start(new StandaloneOptions(dataDir, 0, null, List.of("--faas.function.versions-per-function=" + VERSION_QUOTA)));
        admin = platform.createdAdminKey().orElseThrow();
        scf = client(admin.secretId(), admin.secretKey());
    }

    @AfterAll
    static void stop() {
        if (platform != null) {
            platform.close();
        }
    }

    private static ClientProfile profile() {
        HttpProfile http = new HttpProfile();
        http.setEndpoint("127.0.0.1:" + platform.ports().gateway());
        http.setProtocol("http://");
        http.setReadTimeout(120);
        return new ClientProfile(ClientProfile.SIGN_TC3_256, http);
    }

    private static ScfClient client(String secretId, String secretKey) {
        return new ScfClient(new Credential(secretId, secretKey), "ap-guangzhou", profile());
    }

    private static CreateFunctionRequest webFunction(String name) {
        CreateFunctionRequest request = new CreateFunctionRequest();
        request.setFunctionName(name);
        request.setType("HTTP");
        request.setMemorySize(256L);
        request.setTimeout(10L);
        Variable greeting = new Variable();
        greeting.setKey("GREETING");
        greeting.setValue("hi");
        Environment environment = new Environment();
        environment.setVariables(new Variable[] {greeting});
        request.setEnvironment(environment);
        Code code = new Code();
        code.setZipFile(ZipBuilder.directory(Path.of("src/test/resources/functions/python-web")).base64());
        request.setCode(code);
        return request;
    }

    @Test
    void theSdkCreatesGetsListsAndDeletesAWebFunction_andItServesItsUrl() throws Exception {
        String requestId = scf.CreateFunction(webFunction("sdk-made")).getRequestId();
        assertThat(requestId).isNotBlank();

        GetFunctionRequest get = new GetFunctionRequest();
        get.setFunctionName("sdk-made");
        GetFunctionResponse fn = scf.GetFunction(get);
        assertThat(fn.getStatus()).isEqualTo("Active");
        assertThat(fn.getType()).isEqualTo("HTTP");
        assertThat(fn.getMemorySize()).isEqualTo(256L);
        assertThat(fn.getTimeout()).isEqualTo(10L);
        assertThat(fn.getNamespace()).isEqualTo("default");
        assertThat(fn.getEnvironment().getVariables()).extracting(Variable::getValue).containsExactly("hi");

        ListFunctionsRequest list = new ListFunctionsRequest();
        list.setLimit(50L);
        ListFunctionsResponse listed = scf.ListFunctions(list);
        assertThat(Arrays.stream(listed.getFunctions()).map(f -> f.getFunctionName())).contains("sdk-made");
        assertThat(listed.getTotalCount()).isGreaterThanOrEqualTo(1L);

        String urlId = Http.json(api().get("/api/v1/namespaces/default/functions/sdk-made")).at("/Response/FunctionUrl/UrlId").asString();
        assertThat(api().get("/fn/" + urlId + "/from-sdk").statusCode()).isEqualTo(200);

        DeleteFunctionRequest delete = new DeleteFunctionRequest();
        delete.setFunctionName("sdk-made");
        scf.DeleteFunction(delete);
        TencentCloudSDKException gone = catchThrowableOfType(TencentCloudSDKException.class, () -> scf.GetFunction(get));
        assertThat(gone.getErrorCode()).isEqualTo("ResourceNotFound.Function");
        assertThat(gone.getRequestId()).isNotBlank();
    }

    @Test
    void namespaces_areCreatedListedUpdatedAndDeleted_withSCFsRules() throws Exception {
        CreateNamespaceRequest create = new CreateNamespaceRequest();
        create.setNamespace("team-a");
        create.setDescription("Team A functions");
        scf.CreateNamespace(create);
        // another request for the same name (a byte-identical one within the same second would be a re-send)
        CreateNamespaceRequest again = new CreateNamespaceRequest();
        again.setNamespace("team-a");
        assertThat(catchThrowableOfType(TencentCloudSDKException.class, () -> scf.CreateNamespace(again)).getErrorCode())
                .isEqualTo("ResourceInUse.Namespace");

        SearchKey byName = new SearchKey();
        byName.setKey("Namespace");
        byName.setValue("team");
        ListNamespacesRequest list = new ListNamespacesRequest();
        list.setSearchKey(new SearchKey[] {byName});
        ListNamespacesResponse found = scf.ListNamespaces(list);
        assertThat(found.getTotalCount()).isEqualTo(1L);
        assertThat(found.getNamespaces()[0].getName()).isEqualTo("team-a");
        assertThat(found.getNamespaces()[0].getDescription()).isEqualTo("Team A functions");

        UpdateNamespaceRequest update = new UpdateNamespaceRequest();
        update.setNamespace("team-a");
        update.setDescription("Renamed team");
        scf.UpdateNamespace(update);
        assertThat(scf.ListNamespaces(list).getNamespaces()[0].getDescription()).isEqualTo("Renamed team");

        CreateFunctionRequest inTeam = webFunction("team-fn");
        inTeam.setNamespace("team-a");
        scf.CreateFunction(inTeam);
        DeleteNamespaceRequest delete = new DeleteNamespaceRequest();
        delete.setNamespace("team-a");
        assertThat(catchThrowableOfType(TencentCloudSDKException.class, () -> scf.DeleteNamespace(delete)).getErrorCode())
                .isEqualTo("ResourceInUse.Namespace");
        DeleteFunctionRequest deleteFn = new DeleteFunctionRequest();
        deleteFn.setNamespace("team-a");
        deleteFn.setFunctionName("team-fn");
        scf.DeleteFunction(deleteFn);
        scf.DeleteNamespace(delete);
        assertThat(scf.ListNamespaces(list).getTotalCount()).isZero();

        DeleteNamespaceRequest deleteDefault = new DeleteNamespaceRequest();
        deleteDefault.setNamespace("default");
        assertThat(catchThrowableOfType(TencentCloudSDKException.class, () -> scf.DeleteNamespace(deleteDefault)).getErrorCode())
                .isEqualTo("FailedOperation.DeleteNamespace");
        CreateNamespaceRequest createDefault = new CreateNamespaceRequest();
        createDefault.setNamespace("default");
        assertThat(catchThrowableOfType(TencentCloudSDKException.class, () -> scf.CreateNamespace(createDefault)).getErrorCode())
                .isEqualTo("InvalidParameterValue.DefaultNamespace");
        CreateNamespaceRequest badName = new CreateNamespaceRequest();
        badName.setNamespace("no spaces allowed");
        assertThat(catchThrowableOfType(TencentCloudSDKException.class, () -> scf.CreateNamespace(badName)).getErrorCode())
                .isEqualTo("InvalidParameterValue.Namespace");
    }

    @Test
    void theSixthNamespace_isRefusedWithLimitExceeded() throws Exception {
        // default plus four more is SCF's quota of five
        java.util.List<String> made = new java.util.ArrayList<>();
        try {
            for (int i = 1; ; i++) {
                CreateNamespaceRequest create = new CreateNamespaceRequest();
                create.setNamespace("quota-" + i);
                try {
                    scf.CreateNamespace(create);
                    made.add(create.getNamespace());
                } catch (TencentCloudSDKException e) {
                    assertThat(e.getErrorCode()).isEqualTo("LimitExceeded.Namespace");
                    break;
                }
                assertThat(i).as("refused by the fifth").isLessThan(5);
            }
            ListNamespacesRequest all = new ListNamespacesRequest();
            assertThat(scf.ListNamespaces(all).getTotalCount()).isEqualTo(5L);
        } finally {
            for (String name : made) {
                DeleteNamespaceRequest delete = new DeleteNamespaceRequest();
                delete.setNamespace(name);
                scf.DeleteNamespace(delete);
            }
        }
    }

    @Test
    void updatedCodeAndConfiguration_areWhatTheUrlServesNext_andABadUpdateChangesNothing() throws Exception {
        CreateFunctionRequest create = webFunction("changes");
        create.getCode().setZipFile(ZipBuilder.directory(Path.of("src/test/resources/functions/node-web")).base64());
        scf.CreateFunction(create);
        Http gateway = api();
        String urlId = Http.json(gateway.get("/api/v1/namespaces/default/functions/changes")).at("/Response/FunctionUrl/UrlId").asString();
        assertThat(gateway.get("/fn/" + urlId + "/").headers().firstValue("X-Function")).hasValue("node");

        UpdateFunctionCodeRequest code = new UpdateFunctionCodeRequest();
        code.setFunctionName("changes");
        Code python = new Code();
        python.setZipFile(ZipBuilder.directory(Path.of("src/test/resources/functions/python-web")).base64());
        code.setCode(python);
        scf.UpdateFunctionCode(code);
        Eventually.await("the URL to serve the new code", () -> gateway.get("/fn/" + urlId + "/").headers().firstValue("X-Function").orElse("").equals("python"));

        UpdateFunctionConfigurationRequest config = new UpdateFunctionConfigurationRequest();
        config.setFunctionName("changes");
        Variable greeting = new Variable();
        greeting.setKey("GREETING");
        greeting.setValue("changed");
        Environment environment = new Environment();
        environment.setVariables(new Variable[] {greeting});
        config.setEnvironment(environment);
        config.setMemorySize(512L);
        scf.UpdateFunctionConfiguration(config);
        Eventually.await("the URL to run with the new configuration",
                () -> "changed".equals(Http.json(gateway.get("/fn/" + urlId + "/")).at("/env/GREETING").asString()));
        var headers = Http.json(gateway.get("/fn/" + urlId + "/")).get("headers");
        assertThat(headers.at("/x-scf-memory/0").asString()).isEqualTo("512");

        GetFunctionRequest get = new GetFunctionRequest();
        get.setFunctionName("changes");
        GetFunctionResponse before = scf.GetFunction(get);
        UpdateFunctionConfigurationRequest bad = new UpdateFunctionConfigurationRequest();
        bad.setFunctionName("changes");
        bad.setTimeout(901L);
        assertThat(catchThrowableOfType(TencentCloudSDKException.class, () -> scf.UpdateFunctionConfiguration(bad)).getErrorCode())
                .isEqualTo("InvalidParameterValue.Timeout");
        UpdateFunctionCodeRequest badCode = new UpdateFunctionCodeRequest();
        badCode.setFunctionName("changes");
        badCode.setZipFile(ZipBuilder.zip().file("app.py", "print(1)").base64());
        assertThat(catchThrowableOfType(TencentCloudSDKException.class, () -> scf.UpdateFunctionCode(badCode)).getErrorCode())
                .isEqualTo("InvalidParameterValue.Code");
        GetFunctionResponse after = scf.GetFunction(get);
        assertThat(after.getTimeout()).isEqualTo(before.getTimeout());
        assertThat(after.getModTime()).isEqualTo(before.getModTime());
        assertThat(after.getMemorySize()).isEqualTo(512L);
    }

    @Test
    void publishedVersions_areImmutableSnapshots_numberedWithoutReuse_andCappedByTheQuota() throws Exception {
        scf.CreateFunction(webFunction("versioned"));
        PublishVersionRequest publish = new PublishVersionRequest();
        publish.setFunctionName("versioned");
        publish.setDescription("first");
        PublishVersionResponse first = scf.PublishVersion(publish);
        assertThat(first.getFunctionVersion()).isEqualTo("1");
        assertThat(first.getMemorySize()).isEqualTo(256L);
        assertThat(first.getDescription()).isEqualTo("first");

        UpdateFunctionConfigurationRequest bigger = new UpdateFunctionConfigurationRequest();
        bigger.setFunctionName("versioned");
        bigger.setMemorySize(512L);
        scf.UpdateFunctionConfiguration(bigger);
        GetFunctionRequest v1 = new GetFunctionRequest();
        v1.setFunctionName("versioned");
        v1.setQualifier("1");
        assertThat(scf.GetFunction(v1).getMemorySize()).as("version 1 keeps its snapshot").isEqualTo(256L);
        assertThat(scf.GetFunction(v1).getFunctionVersion()).isEqualTo("1");
        GetFunctionRequest latest = new GetFunctionRequest();
        latest.setFunctionName("versioned");
        assertThat(scf.GetFunction(latest).getMemorySize()).isEqualTo(512L);

        publish.setDescription("second");
        assertThat(scf.PublishVersion(publish).getFunctionVersion()).isEqualTo("2");
        ListVersionByFunctionRequest list = new ListVersionByFunctionRequest();
        list.setFunctionName("versioned");
        ListVersionByFunctionResponse listed = scf.ListVersionByFunction(list);
        assertThat(listed.getFunctionVersion()).containsExactly("$LATEST", "1", "2");
        assertThat(listed.getTotalCount()).isEqualTo(3L);
        assertThat(listed.getVersions()[2].getDescription()).isEqualTo("second");

        DeleteFunctionRequest deleteV1 = new DeleteFunctionRequest();
        deleteV1.setFunctionName("versioned");
        deleteV1.setQualifier("1");
        scf.DeleteFunction(deleteV1);
        assertThat(scf.ListVersionByFunction(list).getFunctionVersion()).containsExactly("$LATEST", "2");
        assertThat(catchThrowableOfType(TencentCloudSDKException.class, () -> scf.GetFunction(v1)).getErrorCode())
                .isEqualTo("ResourceNotFound.Version");

        publish.setDescription("third");
        assertThat(scf.PublishVersion(publish).getFunctionVersion()).as("numbers are never reused").isEqualTo("3");
        publish.setDescription("fourth");
        assertThat(scf.PublishVersion(publish).getFunctionVersion()).isEqualTo("4");
        publish.setDescription("fifth");
        assertThat(catchThrowableOfType(TencentCloudSDKException.class, () -> scf.PublishVersion(publish)).getErrorCode())
                .as("%d versions kept", VERSION_QUOTA).isEqualTo("LimitExceeded.Version");

        DeleteFunctionRequest deleteLatest = new DeleteFunctionRequest();
        deleteLatest.setFunctionName("versioned");
        deleteLatest.setQualifier("$LATEST");
        assertThat(catchThrowableOfType(TencentCloudSDKException.class, () -> scf.DeleteFunction(deleteLatest)).getErrorCode())
                .isEqualTo("InvalidParameterValue.Qualifier");
        DeleteFunctionRequest all = new DeleteFunctionRequest();
        all.setFunctionName("versioned");
        scf.DeleteFunction(all);
        assertThat(catchThrowableOfType(TencentCloudSDKException.class, () -> scf.ListVersionByFunction(list)).getErrorCode())
                .isEqualTo("ResourceNotFound.Function");
    }

    @Test
    void refusalsReachTheSdkWithTheirScfCodes() {
        CreateFunctionRequest badMemory = webFunction("bad-memory");
        badMemory.setMemorySize(100L);
        assertThat(catchThrowableOfType(TencentCloudSDKException.class, () -> scf.CreateFunction(badMemory)).getErrorCode())
                .isEqualTo("InvalidParameterValue.MemorySize");

        CreateFunctionRequest noZip = webFunction("no-zip");
        noZip.getCode().setZipFile("bm90IGEgemlw");
        assertThat(catchThrowableOfType(TencentCloudSDKException.class, () -> scf.CreateFunction(noZip)).getErrorCode())
                .isEqualTo("InvalidParameterValue.ZipFile");

        GetFunctionRequest missing = new GetFunctionRequest();
        missing.setFunctionName("never-made");
        missing.setNamespace("nowhere");
        assertThat(catchThrowableOfType(TencentCloudSDKException.class, () -> scf.GetFunction(missing)).getErrorCode())
                .isEqualTo("ResourceNotFound.Namespace");
    }

    @Test
    void aWrongSecretOrAnUnknownKey_isRefusedWithAuthFailure() {
        GetFunctionRequest get = new GetFunctionRequest();
        get.setFunctionName("anything");
        assertThat(catchThrowableOfType(TencentCloudSDKException.class, () -> client(admin.secretId(), "wrong-secret").GetFunction(get)).getErrorCode())
                .isEqualTo("AuthFailure.SignatureFailure");
        assertThat(catchThrowableOfType(TencentCloudSDKException.class, () -> client("AKIDunknown", "x").GetFunction(get)).getErrorCode())
                .isEqualTo("AuthFailure.SecretIdNotFound");
    }

    @Test
    void anUnknownAction_isInvalidAction_andAnUnservedOneSaysSo() throws Exception {
        CommonClient common = new CommonClient("scf", "2018-04-16", new Credential(admin.secretId(), admin.secretKey()), "ap-guangzhou", profile());
        assertThat(catchThrowableOfType(TencentCloudSDKException.class, () -> common.call("NoSuchAction", "{}")).getErrorCode())
                .isEqualTo("InvalidAction");
        assertThat(catchThrowableOfType(TencentCloudSDKException.class, () -> common.call("TerminateAsyncEvent", "{\"FunctionName\":\"x\"}")).getErrorCode())
                .isEqualTo("UnsupportedOperation");
    }

    @Test
    void anIdenticalResentCreate_createsOnce_andGetsTheFirstAnswer() {
        // the SDK's HTTP client may send a request again after a broken connection: the same bytes, the same signature
        String body = CreateFunctionRequest.toJsonString(webFunction("sent-twice"));
        long now = System.currentTimeMillis() / 1000;
        Http gateway = api();
        HttpResponse<String> first = gateway.send(signed(gateway, "CreateFunction", body, now));
        HttpResponse<String> again = gateway.send(signed(gateway, "CreateFunction", body, now));
        assertThat(Http.errorCode(first)).isNull();
        assertThat(again.body()).isEqualTo(first.body());

        // signed anew (another second), it is another request: the name is taken
        HttpResponse<String> later = gateway.send(signed(gateway, "CreateFunction", body, now + 1));
        assertThat(later.statusCode()).isEqualTo(200);
        assertThat(Http.errorCode(later)).isEqualTo("ResourceInUse.Function");
    }

    /** A request signed exactly as the SDK signs it (Tc3SignatureTest checks the two agree). */
    private static HttpRequest.Builder signed(Http gateway, String action, String body, long timestamp) {
        String host = "127.0.0.1:" + platform.ports().gateway();
        String contentType = "application/json; charset=utf-8";
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        String date = Tc3Signature.date(timestamp);
        List<String> signedHeaders = List.of("content-type", "host");
        String canonical = Tc3Signature.canonicalRequest("POST", "", signedHeaders, n -> n.equals("host") ? host : contentType, Tc3Signature.sha256Hex(bytes));
        String signature = Tc3Signature.signature(admin.secretKey(), date, "127", Tc3Signature.stringToSign(timestamp, Tc3Signature.scope(date, "127"), canonical));
        return gateway.builder("/")
                .header("Authorization", Tc3Signature.authorization(admin.secretId(), date, "127", signedHeaders, signature))
                .header("Content-Type", contentType)
                .header("X-TC-Action", action)
                .header("X-TC-Version", "2018-04-16")
                .header("X-TC-Timestamp", Long.toString(timestamp))
                .header("X-TC-Region", "ap-guangzhou")
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes));
    }

    /** The gateway, with the admin key for the REST API. */
    private static Http api() {
        return new Http(platform.gatewayUrl()).withApiKey(admin.secretId(), admin.secretKey());
    }
}
