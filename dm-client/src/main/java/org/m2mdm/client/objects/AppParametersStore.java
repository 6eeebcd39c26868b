package org.m2mdm.client.objects;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.m2mdm.client.profiles.AtomicFiles;
import org.m2mdm.client.profiles.ProfileStoreException;
import org.m2mdm.mo.payload.AppParametersPayload;

/**
 * Application parameter sets by 32771 instance id, one atomically replaced file each
 * ({@code app-params/<instance>.properties}, holding the canonical payload and its update time).
 */
public final class AppParametersStore {
    /** One stored parameter set. */
    public record Entry(AppParametersPayload payload, Instant updatedAt) {
    }

    private final Path dir;
    private final Map<Integer, Entry> entries = new TreeMap<>();

    public AppParametersStore(Path dir) {
        this.dir = dir;
        try {
            Files.createDirectories(dir);
            try (Stream<Path> files = Files.list(dir)) {
                for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".properties"))::iterator) {
                    String name = f.getFileName().toString();
                    int id = Integer.parseInt(name.substring(0, name.length() - ".properties".length()));
                    Properties p = AtomicFiles.readProperties(f);
                    entries.put(id, new Entry(AppParametersPayload.decode(Base64.getDecoder().decode(p.getProperty("payload"))),
                            Instant.parse(p.getProperty("updatedAt"))));
                }
            }
        } catch (IOException | RuntimeException e) {
            throw new ProfileStoreException("application parameters in " + dir + " are unreadable: " + e.getMessage(), e);
        }
    }

    public synchronized Map<Integer, Entry> all() {
        return Map.copyOf(entries);
    }

    public synchronized void put(int instanceId, Entry e) {
        Properties p = new Properties();
        p.setProperty("payload", Base64.getEncoder().encodeToString(e.payload().encode()));
        p.setProperty("updatedAt", e.updatedAt().toString());
        try {
            AtomicFiles.writeProperties(dir.resolve(instanceId + ".properties"), p);
        } catch (IOException ex) {
            throw new ProfileStoreException("cannot store application parameters: " + ex.getMessage(), ex);
        }
        entries.put(instanceId, e);
    }

    public synchronized void remove(int instanceId) {
        try {
            AtomicFiles.delete(dir.resolve(instanceId + ".properties"));
        } catch (IOException ex) {
            throw new ProfileStoreException("cannot delete application parameters: " + ex.getMessage(), ex);
        }
        entries.remove(instanceId);
    }
}
