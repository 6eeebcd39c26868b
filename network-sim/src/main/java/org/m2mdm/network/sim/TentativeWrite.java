package org.m2mdm.network.sim;

import java.util.Map;

/**
 * The HSS and the DNS change their in-memory map first and then persist it; when persisting fails the map
 * must be put back as it was, so memory never holds what the file does not.
 */
final class TentativeWrite {

  private TentativeWrite() {
  }

  /**
   * Runs {@code save}; if it throws, puts {@code previous} back under {@code key} (null: the key was absent)
   * and rethrows.
   */
  static <K, V> void saveOrRevert(Map<K, V> map, K key, V previous, Runnable save) {
    try {
      save.run();
    } catch (RuntimeException e) {
      if (previous == null) {
        map.remove(key);
      } else {
        map.put(key, previous);
      }
      throw e;
    }
  }
}
