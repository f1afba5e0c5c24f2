package dev.faas.scheduler.instance;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

/** The memory sampler's view of an instance's process family, against the JDK's walk of every process. */
class ProcessFamilyTest {
    @Test
    void descendants_areTheChildrenAndGrandchildren_theJdkFinds() throws Exception {
        // a child shell with a sleeping grandchild, and a sleeping child of our own
        Process family = new ProcessBuilder("sh", "-c", "sh -c 'sleep 60 & wait' & sleep 60 & wait").start();
        try {
            Set<Long> jdk = Set.of();
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (jdk.size() < 3 && System.nanoTime() < deadline) {
                jdk = family.descendants().map(ProcessHandle::pid).collect(Collectors.toSet());
            }
            assertThat(jdk).as("the family started").hasSize(3);

            assertThat(LocalProcessProvider.descendants(family.pid())).containsExactlyInAnyOrderElementsOf(jdk);
            assertThat(LocalProcessProvider.descendants(ProcessHandle.current().pid())).contains(family.pid()).containsAll(jdk);
        } finally {
            family.descendants().forEach(ProcessHandle::destroyForcibly);
            family.destroyForcibly().waitFor();
        }
    }

    @Test
    void aProcessThatEnded_hasNoDescendants() throws Exception {
        Process done = new ProcessBuilder("true").start();
        done.waitFor();
        assertThat(LocalProcessProvider.descendants(done.pid())).isEmpty();
    }
}
