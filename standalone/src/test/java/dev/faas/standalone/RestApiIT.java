package dev.faas.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.faas.gateway.keys.AccessKeys;
import dev.faas.testsupport.Eventually;
import dev.faas.testsupport.Http;
import dev.faas.testsupport.ZipBuilder;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The REST API against the started platform: access keys guard it, every operation the OpenAPI document names is
 * served, and the resources the SDK manages work the same way over REST.
 */
class RestApiIT {
    private static StandalonePlatform platform;
    private static AccessKeys.NewKey admin;
    private static Http api;
    private static String webZip;

    @BeforeAll
    static void start() throws Exception {
        platform = TestPlatforms.start("faas-rest");
        admin = platform.createdAdminKey().orElseThrow();
        api = new Http(platform.gatewayUrl()).withApiKey(admin.secretId(), admin.secretKey());
        webZip = ZipBuilder.directory(Path.of("src/test/resources/functions/python-web")).base64();
    }

    @AfterAll
    static void stop() {
        if (platform != null) {
            platform.close();
        }
    }

    private static HttpResponse<String> put(String path, String json) {
        return api.send(api.builder(path).header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(json)));
    }

    @Test
    void theRestApiNeedsAnEnabledKey_withScfCodes_andFunctionUrlsDoNot() {
        Http anonymous = new Http(platform.gatewayUrl());
        HttpResponse<String> none = anonymous.get("/api/v1/namespaces/default/functions");
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(Http.errorCode(none)).isEqualTo("AuthFailure.InvalidAuthorization");
        assertThat(none.headers().firstValue("WWW-Authenticate")).hasValue("Basic realm=\"faas\"");
        HttpResponse<String> wrong = new Http(platform.gatewayUrl()).withApiKey(admin.secretId(), "not-the-secret").get("/api/v1/keys");
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(Http.errorCode(wrong)).isEqualTo("AuthFailure.SignatureFailure");
        assertThat(Http.errorCode(new Http(platform.gatewayUrl()).withApiKey("AKIDnobody", "x").get("/api/v1/keys"))).isEqualTo("AuthFailure.SecretIdNotFound");

        JsonNode created = Http.json(api.post("/api/v1/keys", "{\"Description\":\"ci\"}")).get("Response");
        Http second = new Http(platform.gatewayUrl()).withApiKey(created.get("SecretId").asString(), created.get("SecretKey").asString());
        assertThat(second.get("/api/v1/namespaces").statusCode()).isEqualTo(200);
        assertThat(api.post("/api/v1/keys/" + created.get("SecretId").asString() + "/disable", "").statusCode()).isEqualTo(200);
        Eventually.await("a disabled key to be refused", () -> "AuthFailure.SecretIdNotFound".equals(Http.errorCode(second.get("/api/v1/namespaces"))));

        // a function URL with AuthType NONE needs no key, and the caller's Authorization reaches no service
        String urlId = Http.json(api.post("/api/v1/namespaces/default/functions",
                "{\"FunctionName\":\"open-url\",\"Type\":\"HTTP\",\"Code\":{\"ZipFile\":\"" + webZip + "\"}}")).at("/Response/FunctionUrl/UrlId").asString();
        assertThat(anonymous.get("/fn/" + urlId + "/").statusCode()).isEqualTo(200);
    }

    @Test
    void theOpenApiDocumentIsPublic_isTheRepositorysCopy_andEveryOperationInItIsServed() throws Exception {
        HttpResponse<String> doc = new Http(platform.gatewayUrl()).get("/api/v1/openapi.yaml");
        assertThat(doc.statusCode()).isEqualTo(200);
        assertThat(doc.body()).isEqualTo(Files.readString(Path.of("../docs/api/openapi.yaml")));

        api.post("/api/v1/namespaces/default/functions", "{\"FunctionName\":\"documented\",\"Type\":\"HTTP\",\"Runtime\":\"Python3.9\",\"Code\":{\"ZipFile\":\"" + webZip + "\"}}");
        Map<String, String> values = Map.of("{namespace}", "default", "{name}", "documented", "{version}", "1", "{alias}", "$DEFAULT",
                "{trigger}", "none-yet", "{layer}", "none-yet", "{secretId}", "AKIDnone");
        JsonNode paths = new YAMLMapper().readTree(doc.body()).get("paths");
        List<String> checked = new ArrayList<>();
        for (var path : paths.properties()) {
            if (!path.getKey().startsWith("/api/v1/") || path.getKey().endsWith("/content") || path.getKey().endsWith("openapi.yaml")) {
                continue;
            }
            String concrete = path.getKey();
            for (var v : values.entrySet()) {
                concrete = concrete.replace(v.getKey(), v.getValue());
            }
            for (var operation : path.getValue().properties()) {
                String method = operation.getKey().toUpperCase();
                if (method.equals("DELETE") && concrete.equals("/api/v1/namespaces/default")) {
                    continue;
                }
                HttpResponse<String> answer = api.send(api.builder(concrete).header("Content-Type", "application/json")
                        .method(method, method.equals("GET") || method.equals("DELETE") ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString("{}")));
                JsonNode body = Http.json(answer);
                assertThat(body.at("/Response/RequestId").isString()).as("%s %s answered %d %s", method, concrete, answer.statusCode(), answer.body()).isTrue();
                assertThat(answer.statusCode()).as("%s %s is served", method, concrete).isNotIn(405, 500);
                checked.add(method + " " + path.getKey());
            }
        }
        assertThat(checked).hasSizeGreaterThan(30);
    }

    @Test
    void versionsAliasesTriggersAndLayers_overRest() throws Exception {
        String fn = "/api/v1/namespaces/default/functions/rest-made";
        assertThat(api.post("/api/v1/namespaces/default/functions", "{\"FunctionName\":\"rest-made\",\"Type\":\"HTTP\",\"Runtime\":\"Python3.9\",\"Code\":{\"ZipFile\":\"" + webZip + "\"}}")
                .statusCode()).isEqualTo(201);
        HttpResponse<String> published = api.post(fn + "/versions", "{\"Description\":\"first\"}");
        assertThat(published.statusCode()).isEqualTo(201);
        assertThat(Http.json(published).at("/Response/FunctionVersion").asString()).isEqualTo("1");
        assertThat(Http.json(api.get(fn + "/versions")).at("/Response/FunctionVersion")).hasSize(2);
        assertThat(Http.json(api.get(fn + "/versions/1")).at("/Response/Qualifier").asString()).isEqualTo("1");
        assertThat(Http.errorCode(api.get(fn + "/versions/7"))).isEqualTo("ResourceNotFound.Version");

        assertThat(api.post(fn + "/aliases", "{\"Name\":\"live\",\"FunctionVersion\":\"1\"}").statusCode()).isEqualTo(201);
        assertThat(Http.json(api.get(fn + "/aliases/live")).at("/Response/FunctionVersion").asString()).isEqualTo("1");
        assertThat(Http.json(api.get(fn + "/aliases")).at("/Response/TotalCount").asInt()).isEqualTo(2);
        HttpResponse<String> bound = api.delete(fn + "/versions/1");
        assertThat(bound.statusCode()).isEqualTo(409);
        assertThat(Http.errorCode(bound)).isEqualTo("UnsupportedOperation.AliasBind");
        assertThat(put(fn + "/aliases/live", "{\"FunctionVersion\":\"$LATEST\"}").statusCode()).isEqualTo(200);

        HttpResponse<String> trigger = api.post(fn + "/triggers", "{\"TriggerName\":\"live-url\",\"Type\":\"http\",\"Qualifier\":\"live\"}");
        assertThat(trigger.statusCode()).as(trigger.body()).isEqualTo(201);
        String url = Http.json(Http.json(trigger).at("/Response/TriggerInfo/TriggerDesc").asString()).get("Url").asString();
        Http anonymous = new Http(platform.gatewayUrl());
        String urlPath = url.substring(platform.gatewayUrl().length());
        assertThat(anonymous.get(urlPath).headers().firstValue("X-Scf-Version")).hasValue("$LATEST");
        assertThat(put(fn + "/triggers/live-url/status", "{\"Enable\":\"CLOSE\"}").statusCode()).isEqualTo(200);
        Eventually.await("the closed URL to answer 404", () -> anonymous.get(urlPath).statusCode() == 404);
        assertThat(Http.json(api.get(fn + "/triggers")).at("/Response/Triggers/0/Enable").asInt()).isZero();
        assertThat(api.delete(fn + "/triggers/live-url").statusCode()).isEqualTo(200);
        assertThat(api.delete(fn + "/triggers/live-url").statusCode()).isEqualTo(404);

        byte[] layerZip = ZipBuilder.zip().file("lib.py", "X = 1").bytes();
        String layerBase64 = java.util.Base64.getEncoder().encodeToString(layerZip);
        HttpResponse<String> layer = api.post("/api/v1/layers", "{\"LayerName\":\"rest-layer\",\"CompatibleRuntimes\":[\"Python3.9\"],\"Content\":{\"ZipFile\":\"" + layerBase64 + "\"}}");
        assertThat(layer.statusCode()).isEqualTo(201);
        JsonNode got = Http.json(api.get("/api/v1/layers/rest-layer/versions/1")).get("Response");
        String location = got.get("Location").asString();
        assertThat(location).isEqualTo(platform.gatewayUrl() + "/api/v1/layers/rest-layer/versions/1/content");
        HttpResponse<byte[]> zip = java.net.http.HttpClient.newHttpClient().send(HttpRequest.newBuilder(java.net.URI.create(location))
                .header("Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString((admin.secretId() + ":" + admin.secretKey()).getBytes())).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(zip.statusCode()).isEqualTo(200);
        assertThat(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(zip.body()))).isEqualTo(got.get("CodeSha256").asString());
        assertThat(put(fn + "/configuration", "{\"Layers\":[{\"LayerName\":\"rest-layer\",\"LayerVersion\":1}]}").statusCode()).isEqualTo(200);
        assertThat(Http.errorCode(api.delete("/api/v1/layers/rest-layer/versions/1"))).isEqualTo("ResourceInUse.LayerVersion");

        HttpResponse<String> copied = api.post(fn + "/copy", "{\"NewFunctionName\":\"rest-copy\"}");
        assertThat(copied.statusCode()).isEqualTo(201);
        assertThat(Http.json(api.get("/api/v1/namespaces/default/functions/rest-copy")).at("/Response/Layers/0/LayerName").asString()).isEqualTo("rest-layer");
        assertThat(Http.json(api.get("/api/v1/account")).at("/Response/AccountLimit/NamespacesCount").asInt()).isEqualTo(5);
    }

    @Test
    void anAdministratorChangesAQuotaAtRunTime_andTheNextRequestIsHeldToIt() {
        JsonNode before = Http.json(api.get("/api/v1/admin/quotas")).at("/Response/Quotas");
        assertThat(before.at("/FunctionsPerNamespace/Value").asInt()).isEqualTo(50);
        assertThat(before.at("/Namespaces/Default").asInt()).isEqualTo(5);
        assertThat(before.at("/VersionsPerFunction/Value").asInt()).isEqualTo(1000);
        assertThat(before.at("/CodeSizeMB/Value").asInt()).isEqualTo(500);
        assertThat(before.at("/Layers/Value").asInt()).isEqualTo(20);
        assertThat(before.at("/VersionsPerLayer/Value").asInt()).isEqualTo(200);
        assertThat(before.at("/TriggersPerType/Value").asInt()).isEqualTo(10);

        assertThat(api.post("/api/v1/namespaces", "{\"Namespace\":\"small\"}").statusCode()).isEqualTo(201);
        HttpResponse<String> set = put("/api/v1/admin/quotas", "{\"FunctionsPerNamespace\":1,\"VersionsPerFunction\":1}");
        assertThat(set.statusCode()).isEqualTo(200);
        assertThat(Http.json(set).at("/Response/Quotas/FunctionsPerNamespace/Value").asInt()).isEqualTo(1);
        String create = "{\"FunctionName\":\"%s\",\"Type\":\"HTTP\",\"Code\":{\"ZipFile\":\"" + webZip + "\"}}";
        try {
            assertThat(api.post("/api/v1/namespaces/small/functions", create.formatted("only-one")).statusCode()).isEqualTo(201);
            HttpResponse<String> second = api.post("/api/v1/namespaces/small/functions", create.formatted("one-too-many"));
            assertThat(second.statusCode()).isEqualTo(400);
            assertThat(Http.errorCode(second)).isEqualTo("LimitExceeded.Function");
            assertThat(api.post("/api/v1/namespaces/small/functions/only-one/versions", "{}").statusCode()).isEqualTo(201);
            assertThat(Http.errorCode(api.post("/api/v1/namespaces/small/functions/only-one/versions", "{\"Description\":\"again\"}")))
                    .isEqualTo("LimitExceeded.Version");

            assertThat(put("/api/v1/admin/quotas", "{\"FunctionNameLength\":8}").statusCode()).isEqualTo(200);
            assertThat(Http.errorCode(api.post("/api/v1/namespaces/default/functions", create.formatted("nine-char")))).isEqualTo("InvalidParameterValue.FunctionName");
            assertThat(put("/api/v1/admin/quotas", "{\"FunctionNameLength\":null}").statusCode()).isEqualTo(200);

            HttpResponse<String> outOfRange = put("/api/v1/admin/quotas", "{\"ZipSizeMB\":60,\"Layers\":3}");
            assertThat(Http.errorCode(outOfRange)).isEqualTo("InvalidParameterValue");
            assertThat(Http.errorCode(put("/api/v1/admin/quotas", "{\"Colour\":1}"))).isEqualTo("InvalidParameterValue");
            assertThat(Http.errorCode(put("/api/v1/admin/quotas", "{\"Layers\":\"many\"}"))).isEqualTo("InvalidParameter");
            assertThat(Http.json(api.get("/api/v1/admin/quotas")).at("/Response/Quotas/Layers/Value").asInt()).as("a refused change changes nothing").isEqualTo(20);
        } finally {
            put("/api/v1/admin/quotas", "{\"FunctionsPerNamespace\":null,\"VersionsPerFunction\":null}");
        }
        assertThat(Http.json(api.get("/api/v1/admin/quotas")).at("/Response/Quotas/FunctionsPerNamespace/Value").asInt()).isEqualTo(50);
        assertThat(api.post("/api/v1/namespaces/small/functions", create.formatted("one-too-many")).statusCode()).isEqualTo(201);
    }

    /**
     * "No input gives a 5xx": every action served, each field of its SDK request model given values of every JSON
     * type and some edge values, one at a time. Each answer must be a coded refusal or a success, never
     * InternalError or an uncoded server error.
     */
    @Test
    void noInputToAnyServedActionGivesAServerError() throws Exception {
        var profile = new com.tencentcloudapi.common.profile.HttpProfile();
        profile.setEndpoint("127.0.0.1:" + platform.ports().gateway());
        profile.setProtocol("http://");
        var client = new com.tencentcloudapi.common.CommonClient("scf", "2018-04-16",
                new com.tencentcloudapi.common.Credential(admin.secretId(), admin.secretKey()), "ap-guangzhou",
                new com.tencentcloudapi.common.profile.ClientProfile(com.tencentcloudapi.common.profile.ClientProfile.SIGN_TC3_256, profile));
        api.post("/api/v1/namespaces/default/functions", "{\"FunctionName\":\"target\",\"Type\":\"HTTP\",\"Code\":{\"ZipFile\":\"" + webZip + "\"}}");
        List<String> actions = List.of("CreateFunction", "GetFunction", "ListFunctions", "UpdateFunctionCode", "UpdateFunctionConfiguration",
                "CopyFunction", "PublishVersion", "ListVersionByFunction", "CreateAlias", "GetAlias", "ListAliases", "UpdateAlias",
                "DeleteAlias", "CreateTrigger", "ListTriggers", "DeleteTrigger", "PublishLayerVersion", "ListLayers", "ListLayerVersions",
                "GetLayerVersion", "DeleteLayerVersion", "CreateNamespace", "UpdateNamespace", "ListNamespaces", "GetAccount");
        List<String> values = List.of("123", "-1", "1e40", "99999999999999999999", "\"x\"", "\"\"", "true", "[]", "[null]", "{}", "{\"a\":[1]}", "null");
        int calls = 0;
        List<String> failures = new ArrayList<>();
        for (String action : actions) {
            Class<?> model = Class.forName("com.tencentcloudapi.scf.v20180416.models." + action + "Request");
            for (var field : model.getDeclaredFields()) {
                if (java.lang.reflect.Modifier.isStatic(field.getModifiers())) {
                    continue;
                }
                for (String value : values) {
                    String base = field.getName().equals("FunctionName") ? "" : "\"FunctionName\":\"target\",";
                    String body = "{" + base + "\"" + field.getName() + "\":" + value + "}";
                    calls++;
                    try {
                        client.call(action, body);
                    } catch (com.tencentcloudapi.common.exception.TencentCloudSDKException e) {
                        String code = e.getErrorCode();
                        if (code == null || code.isEmpty() || code.startsWith("InternalError") || code.equals("ServerSideError")) {
                            failures.add(action + " " + body + " -> " + code + " " + e.getMessage());
                        }
                    }
                }
            }
        }
        assertThat(failures).as("%d calls", calls).isEmpty();
        assertThat(calls).isGreaterThan(1000);
        // REST: bodies that are not JSON objects, or fields of the wrong type
        for (String body : List.of("not json", "[1,2]", "{\"FunctionName\":{\"a\":1}}", "{\"MemorySize\":\"lots\"}", "")) {
            HttpResponse<String> answer = api.post("/api/v1/namespaces/default/functions", body);
            assertThat(answer.statusCode()).as(body).isEqualTo(400);
            assertThat(Http.errorCode(answer)).as(body).startsWith("InvalidParameter").isNotNull();
        }
    }
}
