package dev.faas.scheduler.placement;

import java.io.IOException;
import java.time.Clock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.Scheduled;

import dev.faas.scheduler.SchedulerProperties;
import dev.faas.scheduler.concurrency.ProvisionedConfig;
import dev.faas.scheduler.core.quota.ConcurrencyAccount;
import dev.faas.scheduler.core.quota.RateBudget;
import dev.faas.scheduler.functions.FunctionDirectory;
import dev.faas.scheduler.instance.CodeCache;
import dev.faas.scheduler.instance.InstanceProvider;
import dev.faas.scheduler.instance.InstanceRepository;
import dev.faas.scheduler.instance.LocalProcessProvider;
import dev.faas.scheduler.instance.OrphanReaper;
import dev.faas.scheduler.logs.InvocationLog;
import dev.faas.scheduler.logs.LogShipper;
import io.micrometer.core.instrument.MeterRegistry;
import tools.jackson.databind.ObjectMapper;

/** Wiring of placement: the provider, the lease service and its reaper. */
@Configuration(proxyBeanMethods = false)
class PlacementConfiguration {
    private static final Logger log = LoggerFactory.getLogger(PlacementConfiguration.class);

    @Bean
    @ConditionalOnMissingBean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean(destroyMethod = "close")
    LogShipper logShipper(SchedulerProperties properties, ObjectMapper json, MeterRegistry meters) {
        return new LogShipper(properties.logServiceUrl(), json, meters);
    }

    @Bean
    InvocationLog invocationLog(LogShipper shipper, Clock clock) {
        return new InvocationLog(shipper, clock);
    }

    @Bean(destroyMethod = "stopAll")
    InstanceProvider instanceProvider(SchedulerProperties properties, FunctionDirectory functions, InstanceRepository repository,
                                      Clock clock) throws IOException {
        int reaped = OrphanReaper.reap(repository, clock);
        if (reaped > 0) {
            log.info("stopped {} instances left running by an earlier scheduler", reaped);
        }
        CodeCache code = new CodeCache(properties.local().workDir().resolve("code"), functions::download);
        return new LocalProcessProvider(properties, code, repository, clock);
    }

    @Bean
    ConcurrencyAccount concurrencyAccount(SchedulerProperties properties) {
        return new ConcurrencyAccount(properties.concurrency().regionMb());
    }

    @Bean
    LeaseService leaseService(FunctionDirectory functions, InstanceProvider provider, InvocationLog invocations,
                              SchedulerProperties properties, Clock clock, MeterRegistry meters, ConcurrencyAccount account,
                              ProvisionedConfig provisioned) {
        return new LeaseService(functions, provider, invocations, properties, clock, meters, account,
                new RateBudget(properties.concurrency().elasticStartsPerMinute(), clock.millis()),
                new RateBudget(properties.concurrency().provisionedStartsPerMinute(), clock.millis()), provisioned::all,
                provisioned::setInstances);
    }

    @Bean
    Reaper reaper(LeaseService leases) {
        return new Reaper(leases);
    }

    /** Runs {@link LeaseService#reap()} on {@code faas.scheduler.reap-interval}. */
    static final class Reaper implements DisposableBean {
        private final LeaseService leases;
        private volatile boolean stopped;

        Reaper(LeaseService leases) {
            this.leases = leases;
        }

        @Scheduled(fixedDelayString = "${faas.scheduler.reap-interval:1s}")
        void reap() {
            if (!stopped) {
                leases.reap();
            }
        }

        /** Attributes the instances' output to invocations: often, so that lines reach the logs soon. */
        @Scheduled(fixedDelay = 100)
        void attributeOutput() {
            if (!stopped) {
                leases.attributeOutput();
            }
        }

        @Override
        public void destroy() {
            stopped = true;
        }
    }
}
