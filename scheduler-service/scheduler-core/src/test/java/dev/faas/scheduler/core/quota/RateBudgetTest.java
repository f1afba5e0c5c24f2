package dev.faas.scheduler.core.quota;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Scale-up budgets of spec part 1 §11.2 (500 elastic and 100 provisioned starts a minute), on a driven clock. */
class RateBudgetTest {

    private static int takeAll(RateBudget b, long now) {
        int n = 0;
        while (b.tryTake(now)) {
            n++;
        }
        return n;
    }

    @Test
    void fiveHundredStartsAMinute_thenRefused_untilTheBucketRefills() {
        RateBudget elastic = new RateBudget(500, 0);
        assertThat(takeAll(elastic, 0)).isEqualTo(500);
        assertThat(elastic.tryTake(0)).isFalse();
        assertThat(takeAll(elastic, 6_000)).as("a tenth of a minute refills a tenth").isEqualTo(50);
        assertThat(takeAll(elastic, 60_000)).isEqualTo(450);
        assertThat(takeAll(elastic, 600_000)).as("never more than a minute's worth").isEqualTo(500);
    }

    @Test
    void scfsExample_1000InstancesTakeTwoMinutes() {
        RateBudget elastic = new RateBudget(500, 0);
        int started = takeAll(elastic, 0);
        assertThat(started).isEqualTo(500);
        started += takeAll(elastic, 60_000);
        assertThat(started).isEqualTo(1000);
    }

    @Test
    void provisionedStartsHaveTheirOwnBudget() {
        RateBudget elastic = new RateBudget(500, 0);
        RateBudget provisioned = new RateBudget(100, 0);
        assertThat(takeAll(elastic, 0)).isEqualTo(500);
        assertThat(takeAll(provisioned, 0)).isEqualTo(100);
        assertThat(provisioned.available(30_000)).isEqualTo(50);
        assertThat(elastic.available(30_000)).isEqualTo(250);
    }

    @Test
    void timeGoingBackwardsRefillsNothing() {
        RateBudget b = new RateBudget(60, 10_000);
        assertThat(takeAll(b, 10_000)).isEqualTo(60);
        assertThat(b.tryTake(5_000)).isFalse();
        assertThat(b.tryTake(11_000)).isTrue();
    }
}
