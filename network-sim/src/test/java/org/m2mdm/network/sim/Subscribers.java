package org.m2mdm.network.sim;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.m2mdm.usim.Algorithm;
import org.m2mdm.usim.Amf;
import org.m2mdm.usim.Iccid;
import org.m2mdm.usim.Imsi;
import org.m2mdm.usim.K;
import org.m2mdm.usim.Opc;
import org.m2mdm.usim.Plmn;
import org.m2mdm.usim.UsimCredentials;
import org.m2mdm.usim.aka.SqnState;
import org.m2mdm.usim.aka.UsimAuthenticator;

/** Test credentials and terminals: fresh random K/OPc per subscriber, IMSIs numbered per test. */
final class Subscribers {

  static final Plmn HOME = Plmn.of("001", "01");
  static final Plmn OTHER = Plmn.of("001", "02");

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final AtomicInteger NEXT = new AtomicInteger(1);

  private Subscribers() {}

  static UsimCredentials credentials(Plmn plmn) {
    int n = NEXT.getAndIncrement();
    byte[] k = new byte[16];
    byte[] opc = new byte[16];
    RANDOM.nextBytes(k);
    RANDOM.nextBytes(opc);
    return new UsimCredentials(Imsi.of(plmn, String.format("%010d", n)),
        Iccid.withCheckDigit(String.format("8988211%012d", n)), K.of(k), Opc.of(opc), Algorithm.MILENAGE,
        Amf.SEPARATION_BIT);
  }

  /** The terminal's USIM for these credentials, never used before. */
  static UsimAuthenticator usim(UsimCredentials c) {
    return new UsimAuthenticator(c.k(), c.opc(), SqnState.initial());
  }

  static UsimAuthenticator usim(UsimCredentials c, SqnState state) {
    return new UsimAuthenticator(c.k(), c.opc(), state);
  }

  /** Waits (bounded) for a condition that another thread makes true. */
  static boolean eventually(BooleanSupplier condition, Duration limit) throws InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    while (System.nanoTime() < deadline) {
      if (condition.getAsBoolean()) {
        return true;
      }
      Thread.sleep(10);
    }
    return condition.getAsBoolean();
  }
}
