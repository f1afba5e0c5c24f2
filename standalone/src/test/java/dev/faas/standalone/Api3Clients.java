package dev.faas.standalone;

import com.tencentcloudapi.common.CommonClient;
import com.tencentcloudapi.common.Credential;
import com.tencentcloudapi.common.profile.ClientProfile;
import com.tencentcloudapi.common.profile.HttpProfile;

/** The official SDK's generic client, signed with the admin key a started platform created, against its gateway. */
final class Api3Clients {
    private Api3Clients() {
    }

    static CommonClient admin(StandalonePlatform platform) {
        var admin = platform.createdAdminKey().orElseThrow();
        HttpProfile http = new HttpProfile();
        http.setEndpoint("127.0.0.1:" + platform.ports().gateway());
        http.setProtocol("http://");
        return new CommonClient("scf", "2018-04-16", new Credential(admin.secretId(), admin.secretKey()), "ap-guangzhou",
                new ClientProfile(ClientProfile.SIGN_TC3_256, http));
    }
}
