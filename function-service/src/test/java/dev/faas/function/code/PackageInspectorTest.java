package dev.faas.function.code;

import static dev.faas.testsupport.ZipBuilder.zip;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

import dev.faas.contracts.error.ScfError;
import dev.faas.function.code.PackageInspector.Accepted;
import dev.faas.function.code.PackageInspector.Rejected;
import dev.faas.function.code.PackageInspector.Requirement;

class PackageInspectorTest {
    private static final String BOOT = "#!/bin/bash\nexec python3 app.py\n";
    private final PackageInspector inspector = new PackageInspector(1024 * 1024, 4 * 1024 * 1024);

    static Stream<Arguments> refusedPackages() {
        return Stream.of(
                Arguments.of("not base64", "%%%not-base64%%%", ScfError.INVALID_ZIP_BASE64),
                Arguments.of("not a zip", Base64.getEncoder().encodeToString("hello, world".getBytes()), ScfError.INVALID_ZIP_FILE),
                Arguments.of("no code", "", ScfError.MISSING_CODE),
                Arguments.of("web function without scf_bootstrap", zip().file("app.py", "print(1)").base64(), ScfError.INVALID_CODE),
                Arguments.of("bootstrap only in a folder", zip().executable("sub/scf_bootstrap", BOOT).base64(), ScfError.INVALID_CODE),
                Arguments.of("parent-directory entry", zip().executable("scf_bootstrap", BOOT).file("../evil.sh", "x").base64(), ScfError.INVALID_ZIP_FILE),
                Arguments.of("nested parent-directory entry", zip().executable("scf_bootstrap", BOOT).file("a/../../evil", "x").base64(), ScfError.INVALID_ZIP_FILE),
                Arguments.of("absolute entry", zip().executable("scf_bootstrap", BOOT).file("/etc/passwd", "x").base64(), ScfError.INVALID_ZIP_FILE),
                Arguments.of("backslash entry", zip().executable("scf_bootstrap", BOOT).file("..\\evil", "x").base64(), ScfError.INVALID_ZIP_FILE),
                Arguments.of("drive-letter entry", zip().executable("scf_bootstrap", BOOT).file("C:/evil", "x").base64(), ScfError.INVALID_ZIP_FILE),
                Arguments.of("symbolic link", zip().executable("scf_bootstrap", BOOT).symlink("link", "/etc/passwd").base64(), ScfError.INVALID_ZIP_FILE),
                Arguments.of("duplicate entry", zip().executable("scf_bootstrap", BOOT).file("a", "1").file("a", "2").base64(), ScfError.INVALID_ZIP_FILE),
                Arguments.of("zip over the packed limit", zip().executable("scf_bootstrap", BOOT).file("big", random(2 * 1024 * 1024)).base64(), ScfError.LIMIT_EXCEEDED_CODE_SIZE),
                Arguments.of("zip bomb over the unpacked limit", zip().executable("scf_bootstrap", BOOT).file("zeros", "0".repeat(5 * 1024 * 1024)).base64(), ScfError.LIMIT_EXCEEDED_CODE_SIZE));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusedPackages")
    void refusesUnsafeOrInvalidPackages_withItsScfCode(String name, String base64, ScfError expected) {
        var inspection = inspector.inspectBase64(base64, Requirement.BOOTSTRAP);
        assertThat(inspection).isInstanceOf(Rejected.class);
        assertThat(((Rejected) inspection).error()).isEqualTo(expected);
    }

    @Test
    void acceptsAWebPackage_andReportsItsHashAndUnpackedSize() {
        byte[] bytes = zip().executable("scf_bootstrap", BOOT).file("app.py", "print(1)").file("lib/", "").bytes();
        var inspection = inspector.inspect(bytes, Requirement.BOOTSTRAP);
        assertThat(inspection).isInstanceOf(Accepted.class);
        Accepted accepted = (Accepted) inspection;
        assertThat(accepted.sha256()).isEqualTo(PackageInspector.sha256(bytes)).hasSize(64);
        assertThat(accepted.unpackedSize()).isEqualTo(BOOT.length() + "print(1)".length());
    }

    private static String random(int size) {
        var r = new java.util.Random(42);
        StringBuilder b = new StringBuilder(size);
        for (int i = 0; i < size; i++) {
            b.append((char) ('!' + r.nextInt(90)));
        }
        return b.toString();
    }
}
