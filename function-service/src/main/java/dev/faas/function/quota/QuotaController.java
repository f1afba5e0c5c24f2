package dev.faas.function.quota;

import java.util.Map;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import dev.faas.contracts.api.ApiEnvelope;
import dev.faas.starter.RequestIdFilter;
import jakarta.servlet.http.HttpServletRequest;

/**
 * The administrator's quota API: {@code GET /api/v1/admin/quotas} (value, default and range of each) and
 * {@code PUT /api/v1/admin/quotas} with {@code {"FunctionsPerNamespace": 100, ...}} ({@code null} restores the
 * default); {@code GET /internal/v1/quotas/{name}} for the other services.
 */
@RestController
class QuotaController {
    private final Quotas quotas;

    QuotaController(Quotas quotas) {
        this.quotas = quotas;
    }

    @GetMapping("/api/v1/admin/quotas")
    Map<String, Object> all(HttpServletRequest http) {
        return ApiEnvelope.success(Map.of("Quotas", quotas.all()), RequestIdFilter.current(http));
    }

    @PutMapping("/api/v1/admin/quotas")
    Map<String, Object> set(@RequestBody Map<String, Object> changes, HttpServletRequest http) {
        quotas.set(changes);
        return ApiEnvelope.success(Map.of("Quotas", quotas.all()), RequestIdFilter.current(http));
    }

    @GetMapping("/internal/v1/quotas/{name}")
    Map<String, Object> one(@PathVariable String name) {
        for (Quotas.Quota q : Quotas.Quota.values()) {
            if (q.field().equals(name)) {
                return Map.of("Name", name, "Value", quotas.get(q));
            }
        }
        throw new dev.faas.starter.ScfException(dev.faas.contracts.error.ScfError.RESOURCE_NOT_FOUND, "No quota " + name + ".");
    }
}
