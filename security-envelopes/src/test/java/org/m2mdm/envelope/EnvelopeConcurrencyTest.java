package org.m2mdm.envelope;

import static org.assertj.core.api.Assertions.assertThat;
import static org.m2mdm.envelope.TestPki.*;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.m2mdm.envelope.EnvelopeRejectedException.Reason;
import org.m2mdm.envelope.replay.FileReplayGuard;

/** The replay check and record are atomic per signer: copies of one envelope opened at once, one wins. */
class EnvelopeConcurrencyTest {

    @TempDir
    Path directory;

    @Test
    @Timeout(30)
    void acceptsExactlyOneOfManySimultaneousCopies() throws Exception {
        FileReplayGuard guard = new FileReplayGuard(directory.resolve("replay.txt"));
        EnvelopeOpener opener = opener(DEVICE_A, guard);
        EnvelopeSealer sealer = sealer(USIM_SERVER);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            for (long sequence = 1; sequence <= 5; sequence++) {
                byte[] envelope = sealer.seal(new byte[] {(byte) sequence}, PayloadType.USIM_PROFILE,
                        DEVICE_A.certificate(), sequence, Duration.ofMinutes(5));
                CountDownLatch start = new CountDownLatch(1);
                List<Future<Reason>> results = new ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    results.add(pool.submit(() -> {
                        start.await();
                        try {
                            opener.open(envelope);
                            return null;
                        } catch (EnvelopeRejectedException e) {
                            return e.reason();
                        }
                    }));
                }
                start.countDown();
                int accepted = 0;
                for (Future<Reason> result : results) {
                    Reason reason = result.get(10, TimeUnit.SECONDS);
                    if (reason == null) {
                        accepted++;
                    } else {
                        assertThat(reason).isEqualTo(Reason.REPLAYED);
                    }
                }
                assertThat(accepted).isEqualTo(1);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(new FileReplayGuard(directory.resolve("replay.txt")).highest(USIM_SERVER.keyId())).hasValue(5);
    }
}
