package org.m2mdm.network.sim;

import java.util.List;

/** An {@link HssStore} that lives as long as the JVM; handing the same instance to a new HSS simulates a restart. */
public final class InMemoryHssStore implements HssStore {

  private volatile List<SubscriberRecord> subscribers = List.of();

  @Override
  public List<SubscriberRecord> load() {
    return subscribers;
  }

  @Override
  public void save(List<SubscriberRecord> subscribers) {
    this.subscribers = List.copyOf(subscribers);
  }
}
