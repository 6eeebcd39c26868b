package org.m2mdm.envelope.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileReplayGuardTest {

    private static final String SIGNER = "aa".repeat(32);
    private static final String OTHER = "bb".repeat(32);

    @TempDir
    Path directory;

    @Test
    void remembersTheHighestSequencePerSignerAcrossRestarts() {
        Path file = directory.resolve("replay.txt");
        FileReplayGuard guard = new FileReplayGuard(file);
        assertThat(guard.highest(SIGNER)).isEmpty();
        guard.record(SIGNER, 5);
        guard.record(SIGNER, 9);
        guard.record(OTHER, 1);

        FileReplayGuard restarted = new FileReplayGuard(file);
        assertThat(restarted.highest(SIGNER)).hasValue(9);
        assertThat(restarted.highest(OTHER)).hasValue(1);
    }

    @Test
    void neverGoesBackwards() {
        FileReplayGuard guard = new FileReplayGuard(directory.resolve("replay.txt"));
        guard.record(SIGNER, 5);
        assertThatThrownBy(() -> guard.record(SIGNER, 5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> guard.record(SIGNER, 4)).isInstanceOf(IllegalArgumentException.class);
        assertThat(new FileReplayGuard(directory.resolve("replay.txt")).highest(SIGNER)).hasValue(5);
    }

    @Test
    void aWriteInterruptedBeforeTheRenameLeavesTheOldCounters() throws Exception {
        Path file = directory.resolve("replay.txt");
        new FileReplayGuard(file).record(SIGNER, 7);
        // A power cut mid-write leaves a partial temp file; the real file is untouched.
        Files.writeString(directory.resolve("replay.txt.tmp"), "m2mdm-replay-guard 1\n" + SIGNER + " 99",
                StandardCharsets.US_ASCII);

        FileReplayGuard afterPowerCut = new FileReplayGuard(file);
        assertThat(afterPowerCut.highest(SIGNER)).hasValue(7);
        afterPowerCut.record(SIGNER, 8);
        assertThat(new FileReplayGuard(file).highest(SIGNER)).hasValue(8);
    }

    @Test
    void refusesToStartFromACorruptFileRatherThanForget() throws Exception {
        Path file = directory.resolve("replay.txt");
        new FileReplayGuard(file).record(SIGNER, 7);
        String content = Files.readString(file);
        Files.writeString(file, content.replace(" 7\n", " 1\n"));
        assertThatThrownBy(() -> new FileReplayGuard(file)).isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("replay counters");
        Files.writeString(file, content.substring(0, content.length() - 5));
        assertThatThrownBy(() -> new FileReplayGuard(file)).isInstanceOf(UncheckedIOException.class);
    }

    @Test
    void refusesSignerIdsThatAreNotKeyIds() {
        FileReplayGuard guard = new FileReplayGuard(directory.resolve("replay.txt"));
        assertThatThrownBy(() -> guard.record("evil\nline 1", 1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void inMemoryGuardHasTheSameRules() {
        InMemoryReplayGuard guard = new InMemoryReplayGuard();
        guard.record(SIGNER, 2);
        assertThatThrownBy(() -> guard.record(SIGNER, 2)).isInstanceOf(IllegalArgumentException.class);
        assertThat(guard.highest(SIGNER)).hasValue(2);
        assertThat(guard.highest(OTHER)).isEmpty();
    }
}
