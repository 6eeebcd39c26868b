package org.m2mdm.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The README's demo command, run in this JVM with ephemeral ports: every terminal of the fleet ends ready. */
class DemoSmokeTest {
    @TempDir
    Path dir;

    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void everyTerminalOfTheDemoFleetReachesReady() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

        int code = Demo.run(out, "--exit", "--plain", "--http-port", "0", "--terminals", "6",
                "--data-dir", dir.resolve("demo").toString());

        String console = bytes.toString(StandardCharsets.UTF_8);
        assertThat(code).as(console).isZero();
        assertThat(console).contains("6 of 6 terminals ready.");
        assertThat(console.lines().filter(l -> l.matches("T\\d+ .*ready\\s*$")).count()).as(console).isEqualTo(6);
        assertThat(console).contains("scenario 1", "scenario 2", "scenario 3", "operator change");
        assertThat(Files.exists(dir.resolve("demo").resolve("server").resolve("api-token.txt"))).isTrue();
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void refusesANonEmptyDataDirectoryAndChangesNothingThere() throws Exception {
        Path used = Files.createDirectories(dir.resolve("used"));
        Files.writeString(used.resolve("keep.txt"), "x");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        int code = Demo.run(new PrintStream(bytes, true, StandardCharsets.UTF_8), "--exit", "--http-port", "0",
                "--data-dir", used.toString());

        assertThat(code).isNotZero();
        try (var files = Files.list(used)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("keep.txt");
        }
    }
}
