package dev.faas.scheduler.core.provisioned;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDateTime;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Target tracking (spec part 1 §11.7) and scheduled provisioning (§11.6), on driven time. */
class ProvisioningRulesTest {
    private static final Instant T0 = Instant.parse("2026-12-03T10:00:00Z");

    @ParameterizedTest(name = "min {0} max {1} util {2}, concurrency {3} -> {4}")
    @CsvSource({
            "1, 100, 0.5, 10, 20",
            "1, 100, 0.7, 10, 15",
            "1, 100, 0.7, 7, 10",
            "5, 100, 0.5, 0, 5",
            "1, 8, 0.5, 10, 8",
            "0, 10, 1.0, 0, 0",
            "1, 100, 0.8, 8, 10"})
    void targetIsConcurrencyOverUtilisation_clampedToMinAndMax(int min, int max, double util, double concurrency, int expected) {
        assertThat(new TargetTracking(min, max, util).desired(concurrency)).isEqualTo(expected);
    }

    @Test
    void scalesOutAtOnce_butInOnlyAfterTheTenMinuteCooldown() {
        TargetTracking t = new TargetTracking(1, 100, 0.5);
        assertThat(t.next(4, 10, T0, T0.plusSeconds(10))).as("out at once").isEqualTo(20);
        assertThat(t.next(20, 2, T0, T0.plusSeconds(599))).as("in: still cooling down").isEqualTo(20);
        assertThat(t.next(20, 2, T0, T0.plusSeconds(600))).as("in after 10 minutes").isEqualTo(4);
        assertThat(t.next(20, 2, T0.plusSeconds(300), T0.plusSeconds(600))).as("the cooldown counts from the last change").isEqualTo(20);
    }

    @Test
    void refusesAnImpossibleConfiguration() {
        assertThatThrownBy(() -> new TargetTracking(5, 4, 0.5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TargetTracking(1, 4, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TargetTracking(1, 4, 1.1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void scheduledActionsApplyInTimeOrder_andALaterOneAtTheSameMomentOverrides() {
        ScheduledActions schedule = new ScheduledActions(List.of(
                new ScheduledActions.Action("morning", 50, Cron7.parse("0 0 9 * * * *")),
                new ScheduledActions.Action("night", 2, Cron7.parse("0 0 22 * * * *")),
                new ScheduledActions.Action("morning-override", 80, Cron7.parse("0 0 9 * * MON *"))));
        LocalDateTime sundayNight = LocalDateTime.parse("2026-12-06T21:00:00");
        assertThat(schedule.targetAfter(10, sundayNight, LocalDateTime.parse("2026-12-06T21:30:00"))).as("nothing due").isEqualTo(10);
        assertThat(schedule.targetAfter(10, sundayNight, LocalDateTime.parse("2026-12-06T23:00:00"))).isEqualTo(2);
        assertThat(schedule.targetAfter(2, LocalDateTime.parse("2026-12-07T08:00:00"), LocalDateTime.parse("2026-12-07T09:00:00")))
                .as("Monday 09:00: both fire, the later in the list wins").isEqualTo(80);
        assertThat(schedule.targetAfter(2, LocalDateTime.parse("2026-12-08T08:00:00"), LocalDateTime.parse("2026-12-08T09:00:00")))
                .as("Tuesday 09:00").isEqualTo(50);
        assertThat(schedule.due(sundayNight, LocalDateTime.parse("2026-12-08T23:00:00"))).extracting(f -> f.action().name())
                .containsExactly("night", "morning", "morning-override", "night", "morning", "night");
    }
}
