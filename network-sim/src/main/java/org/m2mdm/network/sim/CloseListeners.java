package org.m2mdm.network.sim;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.m2mdm.usim.Imsi;
import org.slf4j.Logger;

/**
 * The {@code onClose} listeners of one bearer, local or remote. Each listener runs exactly once: a listener
 * added after the bearer closed runs at once, and one failing listener does not keep the others from running.
 */
final class CloseListeners {

  private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
  private final Imsi imsi;
  private final Logger log;

  /** {@code log} is the owning bearer's logger, so failures are reported where they were before. */
  CloseListeners(Imsi imsi, Logger log) {
    this.imsi = imsi;
    this.log = log;
  }

  /** Registers {@code listener}; runs it now if the bearer is no longer open. */
  void add(Runnable listener, BooleanSupplier bearerOpen) {
    if (listener == null) {
      throw new IllegalArgumentException("listener must not be null");
    }
    listeners.add(listener);
    // removing first means a concurrent fire() and this call cannot both run it
    if (!bearerOpen.getAsBoolean() && listeners.remove(listener)) {
      listener.run();
    }
  }

  /** Runs and forgets every listener registered so far. */
  void fire() {
    for (Runnable listener : listeners) {
      if (listeners.remove(listener)) {
        try {
          listener.run();
        } catch (RuntimeException e) {
          log.warn("bearer close listener for {} failed", imsi, e);
        }
      }
    }
  }
}
