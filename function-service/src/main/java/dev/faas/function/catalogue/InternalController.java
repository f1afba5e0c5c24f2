package dev.faas.function.catalogue;

import java.io.InputStream;
import java.time.Duration;

import org.springframework.core.io.InputStreamResource;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.faas.contracts.error.ScfError;
import dev.faas.contracts.feed.ChangePage;
import dev.faas.contracts.feed.FunctionView;
import dev.faas.function.code.CodeStore;
import dev.faas.function.feed.ChangeFeed;
import dev.faas.starter.ScfException;

/**
 * Service-to-service endpoints ({@code /internal/v1}), not routed by the gateway: the change feed, lookups by URL id
 * and by name, and package downloads for instance providers.
 */
@RestController
@RequestMapping("/internal/v1")
class InternalController {
    private static final Duration MAX_WAIT = Duration.ofSeconds(30);
    private final FunctionCatalogue catalogue;
    private final ChangeFeed feed;
    private final CodeStore code;
    private final VersionCatalogue versions;

    InternalController(FunctionCatalogue catalogue, ChangeFeed feed, CodeStore code, VersionCatalogue versions) {
        this.versions = versions;
        this.catalogue = catalogue;
        this.feed = feed;
        this.code = code;
    }

    @GetMapping("/changes")
    ChangePage changes(@RequestParam(defaultValue = "0") long after, @RequestParam(defaultValue = "0") long waitMs) throws InterruptedException {
        Duration wait = Duration.ofMillis(Math.max(0, waitMs));
        return feed.read(after, wait.compareTo(MAX_WAIT) > 0 ? MAX_WAIT : wait);
    }

    @GetMapping("/urls/{urlId}")
    FunctionView byUrl(@PathVariable String urlId) {
        return catalogue.viewByUrlId(urlId)
                .orElseThrow(() -> new ScfException(ScfError.FUNCTION_NOT_FOUND, "No function URL " + urlId + "."));
    }

    /** The view of {@code $LATEST} (with the aliases), or of a published version when {@code qualifier} names one. */
    @GetMapping("/namespaces/{namespace}/functions/{name}/view")
    FunctionView byName(@PathVariable String namespace, @PathVariable String name,
                        @RequestParam(defaultValue = FunctionView.LATEST) String qualifier) {
        return (FunctionView.LATEST.equals(qualifier) ? catalogue.view(namespace, name) : versions.view(namespace, name, qualifier))
                .orElseThrow(() -> new ScfException(ScfError.FUNCTION_NOT_FOUND, "Function " + name + " does not exist in namespace " + namespace + "."));
    }

    @GetMapping("/code/{sha256}")
    ResponseEntity<InputStreamResource> download(@PathVariable String sha256) {
        InputStream in = code.open(sha256)
                .orElseThrow(() -> new ScfException(ScfError.CODE_NOT_FOUND, "No package " + sha256 + "."));
        return ResponseEntity.ok().contentType(MediaType.parseMediaType("application/zip")).body(new InputStreamResource(in));
    }
}
