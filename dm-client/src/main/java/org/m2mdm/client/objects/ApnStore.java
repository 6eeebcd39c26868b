package org.m2mdm.client.objects;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;


/** APN connection profiles (object 11) by instance id, one properties file each in {@code apn/}. */
public final class ApnStore {
    /** One APN profile; {@code validity} entries are "MCC,MNC" (empty = any network). */
    public record Apn(String name, String apn, boolean enabled, int authType, String userName, String secret,
            List<String> validity) {
        public Apn {
            validity = List.copyOf(validity);
        }

        /** Whether this APN applies on the network MCC/MNC. */
        public boolean validOn(String mcc, String mnc) {
            if (validity.isEmpty()) {
                return true;
            }
            String a = mcc + "," + mnc;
            String b = mcc + "-" + mnc;
            return validity.stream().map(String::trim).anyMatch(v -> v.equals(a) || v.equals(b));
        }

        @Override
        public String toString() {
            return "Apn[" + name + ", " + apn + ", enabled=" + enabled + ", validity=" + validity + "]";
        }
    }

    private final InstanceFiles files;
    private final Map<Integer, Apn> apns = new TreeMap<>();

    public ApnStore(Path dir) {
        this.files = new InstanceFiles(dir, "APN profile", "APN profiles");
        apns.putAll(files.load(ApnStore::decode));
    }

    private static Apn decode(Properties p) {
        List<String> validity = new ArrayList<>();
        String v = p.getProperty("validity", "");
        if (!v.isEmpty()) {
            validity.addAll(List.of(v.split(";")));
        }
        return new Apn(p.getProperty("name", ""), p.getProperty("apn", ""),
                Boolean.parseBoolean(p.getProperty("enabled", "true")),
                Integer.parseInt(p.getProperty("authType", "3")), p.getProperty("userName", ""),
                p.getProperty("secret", ""), validity);
    }

    public synchronized Map<Integer, Apn> all() {
        return Map.copyOf(apns);
    }

    public synchronized void put(int id, Apn a) {
        Properties p = new Properties();
        p.setProperty("name", a.name());
        p.setProperty("apn", a.apn());
        p.setProperty("enabled", Boolean.toString(a.enabled()));
        p.setProperty("authType", Integer.toString(a.authType()));
        p.setProperty("userName", a.userName());
        p.setProperty("secret", a.secret());
        p.setProperty("validity", String.join(";", a.validity()));
        files.write(id, p);
        apns.put(id, a);
    }

    public synchronized void remove(int id) {
        files.delete(id);
        apns.remove(id);
    }
}
