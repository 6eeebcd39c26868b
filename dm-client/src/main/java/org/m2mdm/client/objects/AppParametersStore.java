package org.m2mdm.client.objects;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

import org.m2mdm.mo.payload.AppParametersPayload;

/**
 * Application parameter sets by 32771 instance id, one atomically replaced file each
 * ({@code app-params/<instance>.properties}, holding the canonical payload and its update time).
 */
public final class AppParametersStore {
    /** One stored parameter set. */
    public record Entry(AppParametersPayload payload, Instant updatedAt) {
    }

    private final InstanceFiles files;
    private final Map<Integer, Entry> entries = new TreeMap<>();

    public AppParametersStore(Path dir) {
        this.files = new InstanceFiles(dir, "application parameters", "application parameters");
        entries.putAll(files.load(p -> new Entry(
                AppParametersPayload.decode(Base64.getDecoder().decode(p.getProperty("payload"))),
                Instant.parse(p.getProperty("updatedAt")))));
    }

    public synchronized Map<Integer, Entry> all() {
        return Map.copyOf(entries);
    }

    public synchronized void put(int instanceId, Entry e) {
        Properties p = new Properties();
        p.setProperty("payload", Base64.getEncoder().encodeToString(e.payload().encode()));
        p.setProperty("updatedAt", e.updatedAt().toString());
        files.write(instanceId, p);
        entries.put(instanceId, e);
    }

    public synchronized void remove(int instanceId) {
        files.delete(instanceId);
        entries.remove(instanceId);
    }
}
