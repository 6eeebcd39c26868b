package org.m2mdm.server.connectivity;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.m2mdm.usim.Plmn;

/** The connectivity providers the server can use, one per operator PLMN. */
public final class ConnectivityProviders {
    private final Map<Plmn, ConnectivityProvider> byPlmn;

    private ConnectivityProviders(Map<Plmn, ConnectivityProvider> byPlmn) {
        this.byPlmn = byPlmn;
    }

    /** Providers keyed by their PLMN; two for the same PLMN → {@link IllegalArgumentException}. */
    public static ConnectivityProviders of(Collection<? extends ConnectivityProvider> providers) {
        Map<Plmn, ConnectivityProvider> map = new LinkedHashMap<>();
        for (ConnectivityProvider p : providers) {
            if (map.putIfAbsent(p.plmn(), p) != null) {
                throw new IllegalArgumentException("two connectivity providers for operator " + p.plmn());
            }
        }
        return new ConnectivityProviders(map);
    }

    public static ConnectivityProviders none() {
        return new ConnectivityProviders(Map.of());
    }

    /** The provider of an operator, if the server has one. */
    public Optional<ConnectivityProvider> forOperator(Plmn plmn) {
        return Optional.ofNullable(byPlmn.get(plmn));
    }

    /** The provider of an operator, or a clear error naming the operators that are configured. */
    public ConnectivityProvider require(Plmn plmn) {
        return forOperator(plmn).orElseThrow(() -> new IllegalArgumentException(
                "no connectivity provider for operator " + plmn + "; configured: " + byPlmn.keySet()));
    }

    public List<ConnectivityProvider> all() {
        return List.copyOf(byPlmn.values());
    }
}
