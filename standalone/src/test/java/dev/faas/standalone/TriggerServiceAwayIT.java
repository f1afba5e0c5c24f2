package dev.faas.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.tencentcloudapi.common.Credential;
import com.tencentcloudapi.common.exception.TencentCloudSDKException;
import com.tencentcloudapi.common.profile.ClientProfile;
import com.tencentcloudapi.common.profile.HttpProfile;
import com.tencentcloudapi.scf.v20180416.ScfClient;
import com.tencentcloudapi.scf.v20180416.models.Code;
import com.tencentcloudapi.scf.v20180416.models.CreateFunctionRequest;
import com.tencentcloudapi.scf.v20180416.models.CreateTriggerRequest;
import com.tencentcloudapi.scf.v20180416.models.GetFunctionRequest;
import com.tencentcloudapi.scf.v20180416.models.ListTriggersRequest;
import com.tencentcloudapi.scf.v20180416.models.Trigger;

import dev.faas.testsupport.Http;
import dev.faas.testsupport.ZipBuilder;
import dev.faas.trigger.TriggerServiceApplication;

/**
 * The platform with trigger-service away (its web server stopped: every connection to it refused), through the
 * official SDK: GetFunction, which the gateway completes with the function's triggers, still describes the function;
 * the trigger actions answer SCF's {@code InternalError} instead of hanging; the function's URL keeps serving.
 */
class TriggerServiceAwayIT {
    private static StandalonePlatform platform;
    private static ScfClient scf;
    private static Http api;

    @BeforeAll
    static void start() throws Exception {
        platform = TestPlatforms.start("faas-trigger-away");
        api = TestPlatforms.adminApi(platform);
        var admin = platform.createdAdminKey().orElseThrow();
        HttpProfile http = new HttpProfile();
        http.setEndpoint("127.0.0.1:" + platform.ports().gateway());
        http.setProtocol("http://");
        // a call that hung on the missing service would fail here rather than wait for the gateway's own 60 s
        http.setReadTimeout(20);
        scf = new ScfClient(new Credential(admin.secretId(), admin.secretKey()), "ap-guangzhou", new ClientProfile(ClientProfile.SIGN_TC3_256, http));
    }

    @AfterAll
    static void stop() {
        if (platform != null) {
            platform.close();
        }
    }

    @Test
    void getFunctionStillDescribesTheFunction_triggerActionsAnswerInternalError_andTheUrlServes() throws Exception {
        CreateFunctionRequest create = new CreateFunctionRequest();
        create.setFunctionName("lonely");
        create.setType("HTTP");
        Code code = new Code();
        code.setZipFile(ZipBuilder.directory(Path.of("src/test/resources/functions/python-web")).base64());
        create.setCode(code);
        scf.CreateFunction(create);
        CreateTriggerRequest trigger = new CreateTriggerRequest();
        trigger.setFunctionName("lonely");
        trigger.setTriggerName("url");
        trigger.setType("http");
        scf.CreateTrigger(trigger);
        GetFunctionRequest get = new GetFunctionRequest();
        get.setFunctionName("lonely");
        assertThat(scf.GetFunction(get).getTriggers()).extracting(Trigger::getTriggerName).containsExactly("url");
        String url = "/fn/" + Http.json(api.get("/api/v1/namespaces/default/functions/lonely")).at("/Response/FunctionUrl/UrlId").asString() + "/";

        platform.stopWebServer(TriggerServiceApplication.class);

        var described = scf.GetFunction(get);
        assertThat(described.getFunctionName()).isEqualTo("lonely");
        assertThat(described.getStatus()).isEqualTo("Active");
        assertThat(described.getTriggers()).as("unknown while trigger-service is away").isEmpty();
        ListTriggersRequest list = new ListTriggersRequest();
        list.setFunctionName("lonely");
        TencentCloudSDKException refused = catchThrowableOfType(TencentCloudSDKException.class, () -> scf.ListTriggers(list));
        assertThat(refused).isNotNull();
        assertThat(refused.getErrorCode()).isEqualTo("InternalError");
        assertThat(api.get(url).statusCode()).as("the data path does not need trigger-service").isEqualTo(200);
    }
}
