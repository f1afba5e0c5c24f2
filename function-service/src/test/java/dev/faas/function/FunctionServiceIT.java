package dev.faas.function;

import static dev.faas.testsupport.ZipBuilder.zip;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.faas.testsupport.spring.WithTestDatabase;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** function-service against a real Postgres: migrations, repository, REST API, change feed and package store. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "spring.config.name=function-service")
@WithTestDatabase
class FunctionServiceIT {
    private static final Path CODE_DIR;
    private static final String BOOT = "#!/bin/bash\nexec python3 app.py\n";
    private final HttpClient http = HttpClient.newHttpClient();
    private final JsonMapper json = JsonMapper.builder().build();

    static {
        try {
            CODE_DIR = Files.createTempDirectory("faas-code-it");
        } catch (IOException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("faas.function.code-dir", CODE_DIR::toString);
        registry.add("faas.function.max-zip-size", () -> "1MB");
    }

    @Test
    void migrationsCreateTheFunctionSchema_andTheDefaultNamespace() throws IOException {
        assertThat(jdbc.sql("SELECT count(*) FROM function.namespace WHERE name = 'default'").query(Integer.class).single()).isEqualTo(1);
        int migrations = new org.springframework.core.io.support.PathMatchingResourcePatternResolver()
                .getResources("classpath:db/migration/function/V*.sql").length;
        assertThat(migrations).isGreaterThanOrEqualTo(2);
        assertThat(jdbc.sql("SELECT count(*) FROM function.flyway_schema_history WHERE success AND version IS NOT NULL")
                .query(Integer.class).single()).isEqualTo(migrations);
    }

    @Test
    void createGetListDelete_aWebFunction_andTheFeedRecordsEachChange() throws Exception {
        long feedStart = jdbc.sql("SELECT coalesce(max(seq), 0) FROM function.change_event").query(Long.class).single();
        String body = """
                {"FunctionName":"hello-web","Type":"HTTP","MemorySize":256,"Timeout":10,
                 "Environment":{"Variables":[{"Key":"GREETING","Value":"hi"}]},
                 "SomeFieldFromANewerSdk":true,
                 "Code":{"ZipFile":"%s"}}""".formatted(zip().executable("scf_bootstrap", BOOT).file("app.py", "print(1)").base64());
        HttpResponse<String> created = post("/api/v1/namespaces/default/functions", body);
        assertThat(created.statusCode()).isEqualTo(201);
        JsonNode fn = json.readTree(created.body()).get("Response");
        assertThat(fn.get("FunctionName").asString()).isEqualTo("hello-web");
        assertThat(fn.get("MemorySize").asInt()).isEqualTo(256);
        assertThat(fn.get("Timeout").asInt()).isEqualTo(10);
        assertThat(fn.get("InitTimeout").asInt()).isEqualTo(60);
        assertThat(fn.get("Status").asString()).isEqualTo("Active");
        assertThat(fn.get("RequestId").asString()).isNotBlank();
        String urlId = fn.get("FunctionUrl").get("UrlId").asString();
        assertThat(urlId).matches("[a-z0-9]{16}");
        String sha = fn.get("CodeSha256").asString();
        assertThat(Files.exists(CODE_DIR.resolve(sha.substring(0, 2)).resolve(sha + ".zip"))).isTrue();

        HttpResponse<String> got = get("/api/v1/namespaces/default/functions/hello-web");
        assertThat(got.statusCode()).isEqualTo(200);
        assertThat(json.readTree(got.body()).at("/Response/Environment/Variables/0/Value").asString()).isEqualTo("hi");

        JsonNode byUrl = json.readTree(get("/internal/v1/urls/" + urlId).body());
        assertThat(byUrl.get("name").asString()).isEqualTo("hello-web");
        assertThat(byUrl.get("environment").get("GREETING").asString()).isEqualTo("hi");

        HttpResponse<byte[]> pkg = http.send(HttpRequest.newBuilder(uri("/internal/v1/code/" + sha)).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(pkg.statusCode()).isEqualTo(200);
        assertThat(dev.faas.function.code.PackageInspector.sha256(pkg.body())).isEqualTo(sha);

        JsonNode list = json.readTree(get("/api/v1/namespaces/default/functions?limit=10").body()).get("Response");
        assertThat(list.get("TotalCount").asInt()).isGreaterThanOrEqualTo(1);

        assertThat(delete("/api/v1/namespaces/default/functions/hello-web").statusCode()).isEqualTo(200);
        HttpResponse<String> gone = get("/api/v1/namespaces/default/functions/hello-web");
        assertThat(gone.statusCode()).isEqualTo(404);
        assertThat(json.readTree(gone.body()).at("/Response/Error/Code").asString()).isEqualTo("ResourceNotFound.Function");

        JsonNode page = json.readTree(get("/internal/v1/changes?after=" + feedStart).body());
        assertThat(page.get("changes")).hasSize(2);
        assertThat(page.get("changes").get(0).get("kind").asString()).isEqualTo("FUNCTION_UPSERTED");
        assertThat(page.get("changes").get(0).get("function").get("urlId").asString()).isEqualTo(urlId);
        assertThat(page.get("changes").get(1).get("kind").asString()).isEqualTo("FUNCTION_DELETED");
        assertThat(page.get("nextAfter").asLong()).isEqualTo(page.get("changes").get(1).get("seq").asLong());
    }

    @Test
    void aSecondCreateOfTheSameName_isRefusedWithResourceInUse() throws Exception {
        String body = """
                {"FunctionName":"twice","Type":"HTTP","Code":{"ZipFile":"%s"}}""".formatted(zip().executable("scf_bootstrap", BOOT).base64());
        assertThat(post("/api/v1/namespaces/default/functions", body).statusCode()).isEqualTo(201);
        HttpResponse<String> again = post("/api/v1/namespaces/default/functions", body);
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(json.readTree(again.body()).at("/Response/Error/Code").asString()).isEqualTo("ResourceInUse.Function");
        assertThat(delete("/api/v1/namespaces/default/functions/twice").statusCode()).isEqualTo(200);
    }

    @Test
    void badInput_getsA4xxWithItsScfCode_andLeavesNothingStored() throws Exception {
        int functionsBefore = jdbc.sql("SELECT count(*) FROM function.function").query(Integer.class).single();
        long packagesBefore = countPackages();
        String big = java.util.Base64.getEncoder().encodeToString(new byte[2 * 1024 * 1024]);
        String[][] cases = {
                {"{not json", "InvalidParameter.Payload"},
                {"{\"FunctionName\":\"bad\",\"Type\":\"HTTP\",\"MemorySize\":\"lots\",\"Code\":{\"ZipFile\":\"\"}}", "InvalidParameter.Payload"},
                {"{\"FunctionName\":\"bad\",\"Type\":\"HTTP\",\"Code\":{\"ZipFile\":\"aGVsbG8=\"}}", "InvalidParameterValue.ZipFile"},
                {"{\"FunctionName\":\"bad\",\"Type\":\"HTTP\",\"Code\":{\"ZipFile\":\"***\"}}", "InvalidParameterValue.ZipFileBase64BinasciiError"},
                {"{\"FunctionName\":\"bad\",\"Type\":\"HTTP\",\"Code\":{\"ZipFile\":\"" + zip().file("app.py", "x").base64() + "\"}}", "InvalidParameterValue.Code"},
                {"{\"FunctionName\":\"bad\",\"Type\":\"HTTP\",\"Code\":{\"ZipFile\":\"" + zip().executable("scf_bootstrap", BOOT).file("../x", "x").base64() + "\"}}", "InvalidParameterValue.ZipFile"},
                {"{\"FunctionName\":\"bad\",\"Type\":\"HTTP\",\"Code\":{\"ZipFile\":\"" + zip().executable("scf_bootstrap", BOOT).file("/x", "x").base64() + "\"}}", "InvalidParameterValue.ZipFile"},
                {"{\"FunctionName\":\"bad\",\"Type\":\"HTTP\",\"Code\":{\"ZipFile\":\"" + zip().executable("scf_bootstrap", BOOT).symlink("l", "/etc").base64() + "\"}}", "InvalidParameterValue.ZipFile"},
                {"{\"FunctionName\":\"bad\",\"Type\":\"HTTP\",\"Code\":{\"ZipFile\":\"" + big + "\"}}", "LimitExceeded.CodeSize"},
                {"{\"FunctionName\":\"bad\",\"Type\":\"HTTP\"}", "MissingParameter.Code"},
                {"{\"FunctionName\":\"9bad\",\"Type\":\"HTTP\",\"Code\":{\"ZipFile\":\"" + zip().executable("scf_bootstrap", BOOT).base64() + "\"}}", "InvalidParameterValue.FunctionName"},
                {"{\"FunctionName\":\"bad\",\"Type\":\"HTTP\",\"MemorySize\":100,\"Code\":{\"ZipFile\":\"" + zip().executable("scf_bootstrap", BOOT).base64() + "\"}}", "InvalidParameterValue.MemorySize"},
        };
        for (String[] c : cases) {
            HttpResponse<String> response = post("/api/v1/namespaces/default/functions", c[0]);
            assertThat(response.statusCode()).as(c[1]).isBetween(400, 499);
            assertThat(json.readTree(response.body()).at("/Response/Error/Code").asString()).as(c[0].length() > 200 ? c[1] : c[0]).isEqualTo(c[1]);
        }
        HttpResponse<String> noNamespace = post("/api/v1/namespaces/nowhere/functions",
                "{\"FunctionName\":\"bad\",\"Type\":\"HTTP\",\"Code\":{\"ZipFile\":\"" + zip().executable("scf_bootstrap", BOOT).base64() + "\"}}");
        assertThat(json.readTree(noNamespace.body()).at("/Response/Error/Code").asString()).isEqualTo("ResourceNotFound.Namespace");
        assertThat(jdbc.sql("SELECT count(*) FROM function.function").query(Integer.class).single()).isEqualTo(functionsBefore);
        assertThat(countPackages()).isEqualTo(packagesBefore);
    }

    private long countPackages() throws IOException {
        try (Stream<Path> files = Files.walk(CODE_DIR)) {
            return files.filter(Files::isRegularFile).count();
        }
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private HttpResponse<String> post(String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> delete(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(path)).DELETE().build(), HttpResponse.BodyHandlers.ofString());
    }
}
