package org.m2mdm.server.store;

import java.util.List;

/** One page of a listing plus the total number of matching rows. */
public record Page<T>(List<T> items, long total, int offset, int limit) {
    public Page {
        items = List.copyOf(items);
    }
}
