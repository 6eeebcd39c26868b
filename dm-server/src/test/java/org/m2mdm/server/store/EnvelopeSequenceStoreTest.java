package org.m2mdm.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class EnvelopeSequenceStoreTest {
    @TempDir
    Path dir;

    @Test
    void numbersIncreaseFromOneAndSurviveARestart() {
        try (StoreFixture f = StoreFixture.open(dir)) {
            EnvelopeSequenceStore seq = f.stores.sequences();
            assertThat(seq.current("urn:imei:1")).isEmpty();
            assertThat(seq.next("urn:imei:1")).isEqualTo(1);
            assertThat(seq.next("urn:imei:1")).isEqualTo(2);
            assertThat(seq.next("urn:imei:2")).isEqualTo(1);
        }
        try (StoreFixture f = StoreFixture.open(dir)) {
            assertThat(f.stores.sequences().current("urn:imei:1")).hasValue(2);
            assertThat(f.stores.sequences().next("urn:imei:1")).isEqualTo(3);
        }
    }

    @Test
    void aDeviceGetsItsCounterWhenCreated() {
        try (StoreFixture f = StoreFixture.open(dir)) {
            f.device(f.tenant("op").id(), "urn:imei:9");
            assertThat(f.stores.sequences().current("urn:imei:9")).hasValue(0);
        }
    }

    @Test
    @Timeout(60)
    void concurrentCallersNeverGetTheSameNumber() throws Exception {
        try (StoreFixture f = StoreFixture.open(dir)) {
            EnvelopeSequenceStore seq = f.stores.sequences();
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<List<Long>>> futures = new ArrayList<>();
                for (int t = 0; t < 4; t++) {
                    futures.add(pool.submit(() -> {
                        List<Long> got = new ArrayList<>();
                        for (int i = 0; i < 50; i++) {
                            got.add(seq.next("urn:imei:shared"));
                        }
                        return got;
                    }));
                }
                List<Long> all = new ArrayList<>();
                for (Future<List<Long>> fu : futures) {
                    all.addAll(fu.get(50, TimeUnit.SECONDS));
                }
                assertThat(all).hasSize(200).doesNotHaveDuplicates();
                assertThat(seq.current("urn:imei:shared")).hasValue(200);
            } finally {
                pool.shutdownNow();
            }
        }
    }
}
