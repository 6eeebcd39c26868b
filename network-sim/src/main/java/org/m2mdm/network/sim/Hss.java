package org.m2mdm.network.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import org.m2mdm.usim.Imsi;
import org.m2mdm.usim.Plmn;

/**
 * One operator's home subscriber server and authentication centre data: subscriber records keyed by
 * IMSI digits. Every change is saved to the {@link HssStore} before it becomes visible, so a failed
 * save changes nothing and a restart finds exactly what was last acknowledged (including SQN_HE).
 */
public final class Hss {

  private final Plmn plmn;
  private final HssStore store;
  private final TreeMap<String, SubscriberRecord> records = new TreeMap<>();

  /** Loads the subscribers of {@code plmn} from {@code store}. */
  public Hss(Plmn plmn, HssStore store) {
    this.plmn = Objects.requireNonNull(plmn, "plmn");
    this.store = Objects.requireNonNull(store, "store");
    for (SubscriberRecord record : store.load()) {
      records.put(record.key(), record);
    }
  }

  public Plmn plmn() {
    return plmn;
  }

  public synchronized Optional<SubscriberRecord> find(Imsi imsi) {
    return Optional.ofNullable(records.get(imsi.digits()));
  }

  public synchronized List<SubscriberRecord> all() {
    return List.copyOf(records.values());
  }

  public synchronized int size() {
    return records.size();
  }

  /** Adds a subscriber; throws {@link IllegalStateException} if the IMSI is already there. */
  public synchronized void add(SubscriberRecord record) {
    if (records.containsKey(record.key())) {
      throw new IllegalStateException("IMSI " + record.key() + " already has a subscription in " + plmn);
    }
    records.put(record.key(), record);
    saveOrRevert(record.key(), null);
  }

  /** Applies {@code change} to the subscriber and saves the result; returns the new record. */
  public synchronized SubscriberRecord update(Imsi imsi, UnaryOperator<SubscriberRecord> change) {
    SubscriberRecord current = require(imsi);
    SubscriberRecord changed = Objects.requireNonNull(change.apply(current), "change result");
    if (!changed.key().equals(current.key())) {
      throw new IllegalArgumentException("an update must not change the IMSI");
    }
    if (changed.equals(current)) {
      return current;
    }
    records.put(current.key(), changed);
    saveOrRevert(current.key(), current);
    return changed;
  }

  /** Removes the subscriber and its credentials; returns what was removed. */
  public synchronized SubscriberRecord remove(Imsi imsi) {
    SubscriberRecord current = require(imsi);
    records.remove(current.key());
    saveOrRevert(current.key(), current);
    return current;
  }

  private SubscriberRecord require(Imsi imsi) {
    Objects.requireNonNull(imsi, "imsi");
    SubscriberRecord record = records.get(imsi.digits());
    if (record == null) {
      throw new NoSuchElementException("no subscription for IMSI " + imsi + " in " + plmn);
    }
    return record;
  }

  /** Saves the tentative state; if that fails, puts {@code previous} back (null: the key was absent). */
  private void saveOrRevert(String key, SubscriberRecord previous) {
    TentativeWrite.saveOrRevert(records, key, previous, () -> store.save(new ArrayList<>(records.values())));
  }
}
