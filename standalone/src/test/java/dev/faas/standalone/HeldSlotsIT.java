package dev.faas.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.faas.testsupport.Eventually;
import dev.faas.testsupport.Http;

/**
 * The slots the gateway holds between invocations (ADR 0004), on a platform whose leases live 4 s: a slot in steady
 * use is renewed in the background and never acquired again, however long it serves; idle, it goes back to the
 * scheduler after the linger.
 */
class HeldSlotsIT {
    private static final Pattern ACQUIRES = Pattern.compile("(?m)^faas_scheduler_lease_acquire_seconds_count\\S* (\\S+)$");
    private static StandalonePlatform platform;
    private static Http api;
    private static Http scheduler;
    private static String url;

    @BeforeAll
    static void start() throws Exception {
        platform = TestPlatforms.start("faas-held", "--faas.scheduler.lease-ttl=4s", "--faas.scheduler.lease-grace=1s");
        api = TestPlatforms.adminApi(platform);
        scheduler = Http.at(platform.ports().scheduler());
        url = deploy("steady", ",\"Timeout\":1");
    }

    private static String deploy(String name, String fields) {
        return PythonWebFunction.deploy(api, name, fields);
    }

    @AfterAll
    static void stop() {
        if (platform != null) {
            platform.close();
        }
    }

    private static double acquires() {
        Matcher m = ACQUIRES.matcher(scheduler.get("/actuator/prometheus").body());
        assertThat(m.find()).as("the scheduler's lease acquire timer").isTrue();
        return Double.parseDouble(m.group(1));
    }

    private static int busySlots() {
        int busy = 0;
        for (var instance : Http.json(scheduler.get("/internal/v1/instances"))) {
            if (instance.at("/pool/function").asString().equals("steady")) {
                busy += instance.get("busySlots").asInt();
            }
        }
        return busy;
    }

    @Test
    void aSlotInSteadyUse_isRenewedNotReacquired_forSeveralTtls_andIdleItGoesBackAfterTheLinger() throws Exception {
        assertThat(api.get(url).statusCode()).isEqualTo(200);
        double before = acquires();
        Set<Long> pids = new HashSet<>();
        long until = System.nanoTime() + 10_000_000_000L;
        int calls = 0;
        // 10 s of calls one after the other: two and a half lease lifetimes
        while (System.nanoTime() < until) {
            HttpResponse<String> r = api.get(url + "?n=" + calls);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            pids.add(Http.json(r).get("pid").asLong());
            calls++;
        }
        assertThat(calls).isGreaterThan(20);
        assertThat(pids).as("one warm instance throughout").hasSize(1);
        // asked first: the held slot lingers only 500 ms after the last call
        assertThat(busySlots()).as("the held slot, lingering").isEqualTo(1);
        assertThat(acquires() - before).as("no lease acquired after the first: the held one was renewed").isZero();
        Eventually.await("the idle slot to go back to the scheduler", () -> busySlots() == 0);
        // the next call acquires again, warm
        assertThat(api.get(url).statusCode()).isEqualTo(200);
        assertThat(acquires() - before).isEqualTo(1);
    }

    @Test
    void aHeldSlotWhoseInstanceDied_sendsTheNextRequestToAnotherInstance_notA439() throws Exception {
        String mortal = deploy("mortal", "");
        HttpResponse<String> first = api.get(mortal);
        assertThat(first.statusCode()).isEqualTo(200);
        long pid = Http.json(first).get("pid").asLong();
        // the gateway now holds the slot free for the linger; the instance dies between two invocations, and the next
        // request comes before the gateway hears of it from the scheduler (its next batch answer)
        ProcessHandle instance = ProcessHandle.of(pid).orElseThrow();
        instance.destroyForcibly();
        instance.onExit().get(10, java.util.concurrent.TimeUnit.SECONDS);
        HttpResponse<String> next = api.get(mortal + "?again=1");
        assertThat(next.statusCode()).as("nothing of this request reached the dead instance: " + next.body()).isEqualTo(200);
        assertThat(Http.json(next).get("pid").asLong()).as("served by a new instance").isNotEqualTo(pid);
        // one invocation in the logs, not a failed one and a second
        String requestId = next.headers().firstValue("X-Scf-Request-Id").orElseThrow();
        List<String> messages = new java.util.ArrayList<>();
        Eventually.await("the retried request's Report", () -> {
            messages.clear();
            Http.json(api.get("/api/v1/logs?functionName=mortal&requestId=" + requestId)).at("/Response/Logs")
                    .forEach(l -> messages.add(l.get("SCF_Message").asString()));
            return messages.stream().anyMatch(m -> m.startsWith("Report RequestId:" + requestId));
        });
        assertThat(messages.stream().filter(m -> m.startsWith("START ")).count()).as(String.join("\n", messages)).isEqualTo(1);
        assertThat(messages.stream().filter(m -> m.startsWith("Report ")).count()).isEqualTo(1);
    }

    @Test
    void aRequestWithABody_toAHeldSlotWhoseInstanceDied_goesWholeToAnotherInstance() throws Exception {
        String mortal = deploy("mortal-post", "");
        HttpResponse<String> first = api.post(mortal, "{}");
        assertThat(first.statusCode()).isEqualTo(200);
        long pid = Http.json(first).get("pid").asLong();
        ProcessHandle instance = ProcessHandle.of(pid).orElseThrow();
        instance.destroyForcibly();
        instance.onExit().get(10, java.util.concurrent.TimeUnit.SECONDS);
        // the refused connection read nothing of the body, so the request can still be sent elsewhere (not 439)
        String body = "x".repeat(256 * 1024);
        HttpResponse<String> next = api.post(mortal + "?again=1", body);
        assertThat(next.statusCode()).as(next.body()).isEqualTo(200);
        assertThat(Http.json(next).get("received").asInt()).as("the whole body").isEqualTo(body.length());
        assertThat(Http.json(next).get("pid").asLong()).as("served by a new instance").isNotEqualTo(pid);
    }

    @Test
    void anInstanceThatRefusesConnections_whileItsProcessLives_isReplaced_andTheRequestServedElsewhere() throws Exception {
        String deaf = deploy("deaf", "");
        HttpResponse<String> last = api.get(deaf + "?stop_listening=1");
        assertThat(last.statusCode()).isEqualTo(200);
        long pid = Http.json(last).get("pid").asLong();
        // the scheduler sees a live process; the gateway's retry tells it the instance refused, so it is not
        // granted again (without that the retry went to the same instance and got 439, as CI once saw)
        for (int i = 0; i < 3; i++) {
            HttpResponse<String> next = api.get(deaf + "?n=" + i);
            assertThat(next.statusCode()).as(next.body()).isEqualTo(200);
            assertThat(Http.json(next).get("pid").asLong()).isNotEqualTo(pid);
        }
        Eventually.await("the deaf instance stopped", () -> ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true));
    }
}
