package dev.faas.scheduler.instance;

import java.time.Clock;

/**
 * At start-up, stops the local instances an earlier run of the scheduler recorded as running (it crashed or was
 * killed): their slots are not in anyone's books any more, so they must not keep running. A recorded pid is only
 * killed if its process start time matches, so a reused pid is left alone.
 */
public final class OrphanReaper {
    private OrphanReaper() {
    }

    public static int reap(InstanceRepository repository, Clock clock) {
        int reaped = 0;
        for (InstanceRepository.Running r : repository.running("local")) {
            if (LocalProcessProvider.reap(r.pid(), r.pidStartedAt())) {
                reaped++;
            }
            repository.stopped(r.id(), clock.instant(), "reaped after a scheduler restart");
        }
        return reaped;
    }
}
