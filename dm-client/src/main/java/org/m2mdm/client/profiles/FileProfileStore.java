package org.m2mdm.client.profiles;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.m2mdm.usim.Algorithm;
import org.m2mdm.usim.Amf;
import org.m2mdm.usim.Iccid;
import org.m2mdm.usim.Imsi;
import org.m2mdm.usim.K;
import org.m2mdm.usim.Opc;
import org.m2mdm.usim.Plmn;
import org.m2mdm.usim.UsimCredentials;
import org.m2mdm.usim.aka.SqnState;

/**
 * Profile store in a directory: one properties file per profile ({@code <iccid>.profile}, owner-only),
 * its SQN state ({@code <iccid>.sqn}) and last attach ({@code <iccid>.attach}) beside it, and the
 * selection in {@code selection.properties}. Every file is replaced atomically (see {@link AtomicFiles}).
 * Opening validates everything and fails with a {@link ProfileStoreException} naming the bad file.
 */
public final class FileProfileStore implements ProfileStore {
    public static final int DEFAULT_CAPACITY = 8;
    private static final String SELECTION = "selection.properties";

    private final Path dir;
    private final int capacity;
    private final Map<Iccid, StoredProfile> profiles = new TreeMap<>(Comparator.comparing(Iccid::digits));
    private Selection selection;

    public FileProfileStore(Path dir) {
        this(dir, DEFAULT_CAPACITY);
    }

    /** Opens (creating if needed) the store in {@code dir}, validating every file. */
    public FileProfileStore(Path dir, int capacity) {
        this.dir = dir;
        this.capacity = capacity;
        try {
            Files.createDirectories(dir);
            try (Stream<Path> files = Files.list(dir)) {
                for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".profile")).sorted()::iterator) {
                    StoredProfile p = readProfile(f);
                    if (!f.getFileName().toString().equals(p.iccid().digits() + ".profile")) {
                        throw new ProfileStoreException(f + ": file name does not match the ICCID inside");
                    }
                    profiles.put(p.iccid(), p);
                }
            }
            selection = readSelection();
        } catch (IOException e) {
            throw new ProfileStoreException("cannot read profile store " + dir + ": " + e.getMessage(), e);
        }
        long distinctIds = profiles.values().stream().mapToInt(StoredProfile::instanceId).distinct().count();
        if (distinctIds != profiles.size()) {
            throw new ProfileStoreException(dir + ": two profiles share an instance id");
        }
    }

    public Path directory() {
        return dir;
    }

    @Override
    public synchronized List<StoredProfile> profiles() {
        List<StoredProfile> l = new ArrayList<>(profiles.values());
        l.sort(Comparator.comparingInt(StoredProfile::instanceId));
        return l;
    }

    @Override
    public synchronized Optional<StoredProfile> find(Iccid iccid) {
        return Optional.ofNullable(profiles.get(iccid));
    }

    @Override
    public synchronized Selection selection() {
        return selection;
    }

    @Override
    public synchronized void select(Selection s) {
        for (Optional<Iccid> i : List.of(s.enabled(), s.trial(), s.fallback())) {
            if (i.isPresent() && !profiles.containsKey(i.get())) {
                throw new ProfileStoreException("cannot select unknown profile " + i.get());
            }
        }
        Properties p = new Properties();
        p.setProperty("format", "1");
        p.setProperty("enabled", s.enabled().map(Iccid::digits).orElse(""));
        p.setProperty("trial", s.trial().map(Iccid::digits).orElse(""));
        p.setProperty("fallback", s.fallback().map(Iccid::digits).orElse(""));
        write(() -> AtomicFiles.writeProperties(dir.resolve(SELECTION), p));
        selection = s;
    }

    @Override
    public synchronized void install(StoredProfile profile) {
        if (profiles.containsKey(profile.iccid())) {
            throw new ProfileStoreException("profile " + profile.iccid() + " is already installed");
        }
        if (profiles.size() >= capacity) {
            throw new ProfileStoreException("profile store is full (" + capacity + " profiles)");
        }
        if (profiles.values().stream().anyMatch(p -> p.instanceId() == profile.instanceId())) {
            throw new ProfileStoreException("instance id " + profile.instanceId() + " is in use");
        }
        UsimCredentials c = profile.credentials();
        Properties p = new Properties();
        p.setProperty("format", "1");
        p.setProperty("instance", Integer.toString(profile.instanceId()));
        p.setProperty("iccid", c.iccid().digits());
        p.setProperty("imsi", c.imsi().digits());
        p.setProperty("mncLength", Integer.toString(c.imsi().mncLength()));
        p.setProperty("plmn", profile.operatorPlmn().toString());
        p.setProperty("operatorName", profile.operatorName());
        p.setProperty("profileName", profile.profileName());
        p.setProperty("algorithm", c.algorithm().name());
        p.setProperty("amf", HexFormat.of().formatHex(c.amf().bytes()));
        p.setProperty("k", HexFormat.of().formatHex(c.k().bytes()));
        p.setProperty("opc", HexFormat.of().formatHex(c.opc().bytes()));
        p.setProperty("origin", profile.origin().label());
        p.setProperty("installedAt", profile.installedAt().toString());
        write(() -> AtomicFiles.writeProperties(profileFile(profile.iccid()), p));
        profiles.put(profile.iccid(), profile);
    }

    @Override
    public synchronized void delete(Iccid iccid) {
        if (!profiles.containsKey(iccid)) {
            throw new ProfileStoreException("no profile " + iccid);
        }
        if (iccid.equals(selection.enabled().orElse(null)) || iccid.equals(selection.trial().orElse(null))
                || iccid.equals(selection.fallback().orElse(null))) {
            throw new ProfileStoreException("profile " + iccid + " is enabled, on trial or the fallback; not deleted");
        }
        write(() -> {
            AtomicFiles.delete(profileFile(iccid));
            AtomicFiles.delete(dir.resolve(iccid.digits() + ".sqn"));
            AtomicFiles.delete(dir.resolve(iccid.digits() + ".attach"));
        });
        profiles.remove(iccid);
    }

    @Override
    public synchronized SqnState sqnState(Iccid iccid) {
        Path f = dir.resolve(iccid.digits() + ".sqn");
        if (!Files.exists(f)) {
            return SqnState.initial();
        }
        try {
            return SqnState.decode(Files.readString(f, StandardCharsets.US_ASCII).trim());
        } catch (IOException e) {
            throw new ProfileStoreException("cannot read " + f + ": " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new ProfileStoreException(f + " is corrupt: " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void saveSqnState(Iccid iccid, SqnState state) {
        write(() -> AtomicFiles.write(dir.resolve(iccid.digits() + ".sqn"),
                (state.encode() + "\n").getBytes(StandardCharsets.US_ASCII)));
    }

    @Override
    public synchronized AttachRecord lastAttach(Iccid iccid) {
        Path f = dir.resolve(iccid.digits() + ".attach");
        if (!Files.exists(f)) {
            return AttachRecord.NEVER;
        }
        try {
            Properties p = AtomicFiles.readProperties(f);
            String at = p.getProperty("at", "");
            return new AttachRecord(Integer.parseInt(p.getProperty("result", "0")),
                    at.isEmpty() ? Optional.empty() : Optional.of(Instant.parse(at)));
        } catch (IOException | RuntimeException e) {
            // The attach record is informational: a torn or odd one must not stop the terminal.
            return AttachRecord.NEVER;
        }
    }

    @Override
    public synchronized void recordAttach(Iccid iccid, AttachRecord record) {
        Properties p = new Properties();
        p.setProperty("result", Integer.toString(record.result()));
        p.setProperty("at", record.at().map(Instant::toString).orElse(""));
        write(() -> AtomicFiles.writeProperties(dir.resolve(iccid.digits() + ".attach"), p));
    }

    @Override
    public synchronized int nextInstanceId() {
        int id = 0;
        while (true) {
            final int candidate = id;
            if (profiles.values().stream().noneMatch(p -> p.instanceId() == candidate)) {
                return id;
            }
            id++;
        }
    }

    @Override
    public int capacity() {
        return capacity;
    }

    private Path profileFile(Iccid iccid) {
        return dir.resolve(iccid.digits() + ".profile");
    }

    private Selection readSelection() throws IOException {
        Path f = dir.resolve(SELECTION);
        if (!Files.exists(f)) {
            if (!profiles.isEmpty()) {
                throw new ProfileStoreException(f + " is missing although " + profiles.size() + " profile(s) exist");
            }
            return Selection.EMPTY;
        }
        Properties p = AtomicFiles.readProperties(f);
        try {
            Selection s = new Selection(known(p, "enabled", f), known(p, "trial", f), known(p, "fallback", f));
            if (s.enabled().isEmpty() && !profiles.isEmpty()) {
                throw new ProfileStoreException(f + ": no enabled profile although profiles exist");
            }
            return s;
        } catch (IllegalArgumentException e) {
            throw new ProfileStoreException(f + " is inconsistent: " + e.getMessage(), e);
        }
    }

    private Optional<Iccid> known(Properties p, String key, Path f) {
        String v = p.getProperty(key, "").trim();
        if (v.isEmpty()) {
            return Optional.empty();
        }
        Iccid iccid;
        try {
            iccid = Iccid.of(v);
        } catch (IllegalArgumentException e) {
            throw new ProfileStoreException(f + ": '" + key + "' is not a valid ICCID");
        }
        if (!profiles.containsKey(iccid)) {
            throw new ProfileStoreException(f + ": '" + key + "' names profile " + iccid + " which is not installed");
        }
        return Optional.of(iccid);
    }

    private static StoredProfile readProfile(Path f) throws IOException {
        Properties p = AtomicFiles.readProperties(f);
        String field = "format";
        try {
            if (!"1".equals(p.getProperty("format"))) {
                throw new ProfileStoreException(f + ": unsupported or missing format");
            }
            field = "iccid";
            Iccid iccid = Iccid.of(req(p, field));
            field = "imsi";
            Imsi imsi = Imsi.of(req(p, field), Integer.parseInt(req(p, "mncLength")));
            field = "k";
            K k = K.of(HexFormat.of().parseHex(req(p, field)));
            field = "opc";
            Opc opc = Opc.of(HexFormat.of().parseHex(req(p, field)));
            field = "algorithm";
            Algorithm alg = Algorithm.valueOf(req(p, field));
            field = "amf";
            Amf amf = Amf.fromHex(req(p, field));
            field = "plmn";
            Plmn plmn = Plmn.parse(req(p, field));
            field = "origin";
            ProfileOrigin origin = ProfileOrigin.fromLabel(req(p, field));
            field = "installedAt";
            Instant installedAt = Instant.parse(req(p, field));
            field = "instance";
            int instance = Integer.parseInt(req(p, field));
            return new StoredProfile(instance, new UsimCredentials(imsi, iccid, k, opc, alg, amf), plmn,
                    p.getProperty("operatorName", ""), p.getProperty("profileName", ""), origin, installedAt);
        } catch (ProfileStoreException e) {
            throw e;
        } catch (IllegalArgumentException | DateTimeParseException e) {
            // Never include the exception message for the secret fields: it could echo the value.
            boolean secret = field.equals("k") || field.equals("opc");
            throw new ProfileStoreException(f + ": field '" + field + "' is missing or invalid"
                    + (secret ? "" : " (" + e.getMessage() + ")"));
        }
    }

    private static String req(Properties p, String key) {
        String v = p.getProperty(key);
        if (v == null || v.isBlank()) {
            throw new IllegalArgumentException("missing");
        }
        return v.trim();
    }

    private interface IoAction {
        void run() throws IOException;
    }

    private void write(IoAction a) {
        try {
            a.run();
        } catch (IOException e) {
            throw new ProfileStoreException("cannot write profile store " + dir + ": " + e.getMessage(),
                    new UncheckedIOException(e));
        }
    }
}
