package dev.faas.scheduler.concurrency;

import java.util.Map;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.faas.scheduler.core.quota.ConcurrencyAccount;

/** {@code GET /internal/v1/concurrency}: the pool and what is reserved, for GetAccount. */
@RestController
class ConcurrencyController {
    private final ConcurrencyAccount account;

    ConcurrencyController(ConcurrencyConfig config) {
        this.account = config.account();
    }

    @GetMapping("/internal/v1/concurrency")
    Map<String, Object> concurrency() {
        return Map.of("TotalConcurrencyMem", account.regionMb(), "TotalAllocatedConcurrencyMem", account.reservedTotalMb(),
                "SharedConcurrencyMem", account.sharedMb(), "SharedInUseMem", account.sharedInUseMb());
    }
}
