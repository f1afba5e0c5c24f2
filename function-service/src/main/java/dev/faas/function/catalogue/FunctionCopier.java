package dev.faas.function.catalogue;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.stereotype.Service;

import dev.faas.contracts.error.ScfError;
import dev.faas.starter.ScfException;

/**
 * CopyFunction (spec part 1 §3.5): the source's {@code $LATEST} code (package, runtime, handler) and, unless
 * {@code CopyConfiguration} is false, its configuration go to the target's {@code $LATEST}. A new target with code
 * only gets default configuration; an existing target is replaced only with {@code Override}, must have the same
 * type and runtime, and keeps its own configuration in code-only mode. Triggers (the function URL included) are
 * never copied: a new target gets its own URL id.
 */
@Service
class FunctionCopier {
    private final FunctionCatalogue catalogue;
    private final Clock clock;

    FunctionCopier(FunctionCatalogue catalogue, Clock clock) {
        this.catalogue = catalogue;
        this.clock = clock;
    }

    record CopyCommand(String namespace, String name, String newName, String targetNamespace, String description,
                       String targetRegion, String currentRegion, boolean override, boolean copyConfiguration) {
    }

    FunctionRecord copy(CopyCommand c) {
        FunctionRecord source = catalogue.get(c.namespace(), c.name());
        String targetNamespace = c.targetNamespace() == null || c.targetNamespace().isEmpty() ? c.namespace() : c.targetNamespace();
        if (c.targetRegion() != null && !c.targetRegion().isEmpty() && !c.targetRegion().equals(c.currentRegion())) {
            throw new ScfException(ScfError.FAILED_COPY, "Copies stay in the region addressed (" + c.currentRegion() + "); TargetRegion "
                    + c.targetRegion() + " is another platform.");
        }
        FunctionRules.checkNamespace(targetNamespace).or(() -> FunctionRules.checkName(targetNamespace, c.newName(), catalogue.nameLimits()))
                .or(() -> FunctionRules.checkDescription(c.description()))
                .ifPresent(r -> {
                    throw new ScfException(r.error(), r.message());
                });
        catalogue.requireNamespace(targetNamespace);
        if (targetNamespace.equals(c.namespace()) && c.newName().equals(c.name())) {
            throw new ScfException(ScfError.FAILED_COPY, "A function cannot be copied onto itself.");
        }
        Instant now = clock.instant();
        Optional<FunctionRecord> existing = catalogue.find(targetNamespace, c.newName());
        if (existing.isEmpty()) {
            FunctionRules.State s = c.copyConfiguration() ? source.state()
                    : new FunctionRules.State(source.type(), source.runtime(), source.handler(), FunctionRules.DEFAULT_MEMORY_MB,
                    FunctionRules.DEFAULT_TIMEOUT_S, FunctionRules.DEFAULT_INIT_TIMEOUT_S, List.of(), FunctionConfig.EMPTY);
            String description = c.description() != null ? c.description() : c.copyConfiguration() ? source.description() : "";
            return catalogue.insert(new FunctionRecord(UUID.randomUUID(), targetNamespace, c.newName(), s.type(), s.runtime(), s.handler(),
                    description, s.memoryMb(), s.timeoutSeconds(), s.initTimeoutSeconds(), s.environment(), s.config(), source.codeSha256(),
                    source.codeSize(), catalogue.newUrlId(), FunctionCatalogue.ACTIVE, 1, now, now));
        }
        FunctionRecord target = existing.get();
        if (!c.override()) {
            throw new ScfException(ScfError.FUNCTION_IN_USE, "Function " + c.newName() + " exists in namespace " + targetNamespace
                    + "; set Override to replace it.");
        }
        if (!target.type().equals(source.type()) || !java.util.Objects.equals(target.runtime(), source.runtime())) {
            throw new ScfException(ScfError.FAILED_COPY, "Function " + c.newName() + " is " + target.type() + " " + target.runtime()
                    + " and the source is " + source.type() + " " + source.runtime() + "; a copy onto a function needs the same type and runtime.");
        }
        FunctionRules.State kept = target.state();
        FunctionRules.State s = c.copyConfiguration() ? source.state()
                : new FunctionRules.State(kept.type(), kept.runtime(), source.handler(), kept.memoryMb(), kept.timeoutSeconds(),
                kept.initTimeoutSeconds(), kept.environment(), kept.config());
        String description = c.description() != null ? c.description() : c.copyConfiguration() ? source.description() : target.description();
        return catalogue.revise(target, target.next(s, description, source.codeSha256(), source.codeSize(), now));
    }
}
