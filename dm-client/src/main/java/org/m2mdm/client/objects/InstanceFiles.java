package org.m2mdm.client.objects;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Stream;

import org.m2mdm.client.profiles.AtomicFiles;
import org.m2mdm.client.profiles.ProfileStoreException;

/**
 * A directory holding one object instance per file, {@code <instance id>.properties}, each replaced
 * atomically: the layout {@link ApnStore} and {@link AppParametersStore} share. Failures surface as
 * {@link ProfileStoreException} naming what is stored.
 */
final class InstanceFiles {
    private static final String SUFFIX = ".properties";

    private final Path dir;
    private final String singular;
    private final String plural;

    /**
     * @param singular what one file holds, for error messages ("APN profile")
     * @param plural what the directory holds, for error messages ("APN profiles")
     */
    InstanceFiles(Path dir, String singular, String plural) {
        this.dir = dir;
        this.singular = singular;
        this.plural = plural;
    }

    /**
     * Creates the directory if needed and decodes every instance file in it, by instance id. Any file that
     * cannot be read or decoded makes the whole directory unreadable rather than silently dropping it.
     */
    <T> Map<Integer, T> load(Function<Properties, T> decode) {
        Map<Integer, T> instances = new TreeMap<>();
        try {
            Files.createDirectories(dir);
            try (Stream<Path> files = Files.list(dir)) {
                for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(SUFFIX))::iterator) {
                    String name = f.getFileName().toString();
                    int id = Integer.parseInt(name.substring(0, name.length() - SUFFIX.length()));
                    instances.put(id, decode.apply(AtomicFiles.readProperties(f)));
                }
            }
        } catch (IOException | RuntimeException e) {
            throw new ProfileStoreException(plural + " in " + dir + " are unreadable: " + e.getMessage(), e);
        }
        return instances;
    }

    /** Atomically replaces the file of instance {@code id}. */
    void write(int id, Properties properties) {
        try {
            AtomicFiles.writeProperties(dir.resolve(id + SUFFIX), properties);
        } catch (IOException e) {
            throw new ProfileStoreException("cannot store " + singular + ": " + e.getMessage(), e);
        }
    }

    /** Deletes the file of instance {@code id}. */
    void delete(int id) {
        try {
            AtomicFiles.delete(dir.resolve(id + SUFFIX));
        } catch (IOException e) {
            throw new ProfileStoreException("cannot delete " + singular + ": " + e.getMessage(), e);
        }
    }
}
