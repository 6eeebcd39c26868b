package org.m2mdm.network;

import java.util.Objects;
import org.m2mdm.usim.Plmn;

/** A network a terminal can see: its PLMN id (MCC/MNC) and the operator's display name. */
public record NetworkInfo(Plmn plmn, String name) {
  public NetworkInfo {
    Objects.requireNonNull(plmn, "plmn");
    Objects.requireNonNull(name, "name");
  }
}
