package dev.faas.gateway.invoke;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.faas.contracts.lease.LeaseBatch;
import dev.faas.contracts.lease.LeaseBatch.Invocation;
import dev.faas.contracts.lease.LeaseBatch.Phase;

/** How the slot keeper folds an invocation's start and end, sent in one batch, into one report. */
class SlotKeeperReportsTest {

    @Test
    void aStartAndItsEndInOneBatch_becomeOneCompletedReport_inTheStartsPlace() {
        List<Invocation> paired = SlotKeeper.paired(List.of(
                Invocation.started("l1", "r1", 100, "$DEFAULT"),
                Invocation.started("l2", "r2", 101, null),
                Invocation.ended("l1", "r1", 105, 200, 6),
                Invocation.ended("l2", "r2", 109, 502, 8)));
        assertThat(paired).extracting(Invocation::requestId).containsExactly("r1", "r2");
        assertThat(paired).extracting(Invocation::phase).containsOnly(Phase.COMPLETED);
        Invocation first = paired.getFirst();
        assertThat(first.startedAtMillis()).isEqualTo(100);
        assertThat(first.atMillis()).isEqualTo(105);
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.durationMillis()).isEqualTo(6);
        assertThat(paired.get(1).statusCode()).isEqualTo(502);
        // the alias the call came through travels with its start
        assertThat(paired).extracting(Invocation::alias).containsExactly("$DEFAULT", null);
    }

    @Test
    void reportsWhoseOtherHalfIsInAnotherBatch_goAsTheyAre() {
        List<Invocation> paired = SlotKeeper.paired(List.of(
                Invocation.ended("l1", "r0", 99, 200, 40),     // started in an earlier batch
                Invocation.started("l1", "r1", 100, null),
                Invocation.ended("l1", "r1", 101, 200, 1),
                Invocation.started("l1", "r2", 102, null)));         // ends in a later batch
        assertThat(paired).extracting(Invocation::phase).containsExactly(Phase.ENDED, Phase.COMPLETED, Phase.STARTED);
        assertThat(paired).extracting(Invocation::requestId).containsExactly("r0", "r1", "r2");
    }

    @Test
    void anEndOfAnotherRequestOnTheSameLease_isNotPairedWithAStart() {
        // a start whose end never came (the report was dropped) must not take the next invocation's end
        List<Invocation> paired = SlotKeeper.paired(List.of(
                Invocation.started("l1", "r1", 100, null),
                Invocation.ended("l1", "r9", 101, 200, 1)));
        assertThat(paired).extracting(Invocation::phase).containsExactly(Phase.STARTED, Phase.ENDED);
        assertThat(new LeaseBatch(paired, List.of(), List.of()).invocations()).hasSize(2);
    }
}
