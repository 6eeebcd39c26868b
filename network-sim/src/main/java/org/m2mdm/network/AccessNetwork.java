package org.m2mdm.network;

import java.util.List;
import org.m2mdm.usim.Imsi;
import org.m2mdm.usim.Plmn;
import org.m2mdm.usim.aka.AkaResponder;

/**
 * The terminal's view of the radio access: what a modem offers. A real modem adapter could implement
 * this; {@code SimulatedNetwork} and {@code RemoteAccessNetwork} do in this project.
 */
public interface AccessNetwork {

  /** The networks in coverage, in a stable order. */
  List<NetworkInfo> visibleNetworks();

  /**
   * Attaches with {@code imsi} to the network {@code plmn}. The network runs AKA against {@code usim}
   * (resynchronising once on a sync failure) and either returns a bearer or a reject cause. Attaching
   * again with the same IMSI replaces (closes) the previous bearer of that IMSI.
   */
  AttachResult attach(Plmn plmn, Imsi imsi, AkaResponder usim);
}
