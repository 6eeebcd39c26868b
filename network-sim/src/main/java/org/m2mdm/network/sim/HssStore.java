package org.m2mdm.network.sim;

import java.util.List;

/**
 * Durable storage behind one operator's {@link Hss}. {@link #save} replaces the whole content atomically:
 * after a crash the store holds either the previous or the new list.
 */
public interface HssStore {

  /** Everything saved last, or an empty list for a new store. */
  List<SubscriberRecord> load();

  /** Replaces the stored subscribers; throws {@link java.io.UncheckedIOException} if that fails. */
  void save(List<SubscriberRecord> subscribers);
}
