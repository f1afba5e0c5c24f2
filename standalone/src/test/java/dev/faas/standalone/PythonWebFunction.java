package dev.faas.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;

import dev.faas.testsupport.Http;
import dev.faas.testsupport.ZipBuilder;

/** The test web function of {@code src/test/resources/functions/python-web}, which misbehaves on request. */
final class PythonWebFunction {
    private PythonWebFunction() {
    }

    /**
     * Creates it as {@code name}, with {@code fields} (JSON members, each starting with a comma) added to the request.
     *
     * @return the path of its function URL, {@code /fn/<UrlId>/}
     */
    static String deploy(Http api, String name, String fields) {
        String zip = ZipBuilder.directory(Path.of("src/test/resources/functions/python-web")).base64();
        HttpResponse<String> created = api.post("/api/v1/namespaces/default/functions",
                "{\"FunctionName\":\"" + name + "\",\"Type\":\"HTTP\"" + fields + ",\"Code\":{\"ZipFile\":\"" + zip + "\"}}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return "/fn/" + Http.json(created).at("/Response/FunctionUrl/UrlId").asString() + "/";
    }
}
