package org.m2mdm.envelope.replay;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.zip.CRC32;

/**
 * A {@link ReplayGuard} kept in one small text file. Every {@link #record} writes a temporary file next to
 * it, forces it to disk, renames it over the old one atomically and forces the directory, so after a power
 * cut the file holds either the old or the new counters, never a mix and never nothing. A file that exists
 * but does not parse (or fails its checksum) makes the constructor fail: silently starting from zero would
 * let old envelopes through.
 */
public final class FileReplayGuard implements ReplayGuard {

    private static final String HEADER = "m2mdm-replay-guard 1";
    private static final Pattern SIGNER_ID = Pattern.compile("[0-9a-f]{1,128}");

    private final Path file;
    private final Map<String, Long> highest = new TreeMap<>();

    /** Opens (or, if absent, starts) the counter file {@code file}. */
    public FileReplayGuard(Path file) {
        this.file = file.toAbsolutePath();
        try {
            load();
        } catch (NoSuchFileException e) {
            // First use: nothing accepted yet.
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read replay counters " + this.file, e);
        }
    }

    @Override
    public synchronized OptionalLong highest(String signerId) {
        Long value = highest.get(signerId);
        return value == null ? OptionalLong.empty() : OptionalLong.of(value);
    }

    @Override
    public synchronized void record(String signerId, long sequence) {
        if (!SIGNER_ID.matcher(signerId).matches()) {
            throw new IllegalArgumentException("signer id must be lower-case hex");
        }
        Long current = highest.get(signerId);
        if (current != null && sequence <= current) {
            throw new IllegalArgumentException("sequence " + sequence + " is not above " + current);
        }
        highest.put(signerId, sequence);
        try {
            persist();
        } catch (IOException e) {
            // Keep memory and disk in step: the caller must not treat this envelope as accepted.
            if (current == null) {
                highest.remove(signerId);
            } else {
                highest.put(signerId, current);
            }
            throw new UncheckedIOException("cannot persist replay counters " + file, e);
        }
    }

    /** The file this guard persists to. */
    public Path file() {
        return file;
    }

    private void load() throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.US_ASCII);
        if (lines.size() < 2 || !lines.get(0).equals(HEADER)) {
            throw corrupt("bad header");
        }
        String trailer = lines.get(lines.size() - 1);
        String[] end = trailer.split(" ");
        if (end.length != 3 || !end[0].equals("end")) {
            throw corrupt("bad trailer");
        }
        CRC32 crc = new CRC32();
        for (int i = 1; i < lines.size() - 1; i++) {
            String line = lines.get(i);
            crc.update((line + "\n").getBytes(StandardCharsets.US_ASCII));
            String[] parts = line.split(" ");
            if (parts.length != 2 || !SIGNER_ID.matcher(parts[0]).matches()) {
                throw corrupt("bad line " + i);
            }
            try {
                highest.put(parts[0], Long.parseLong(parts[1]));
            } catch (NumberFormatException e) {
                throw corrupt("bad sequence on line " + i);
            }
        }
        if (!end[1].equals(Integer.toString(lines.size() - 2)) || !end[2].equals(Long.toHexString(crc.getValue()))) {
            throw corrupt("checksum mismatch");
        }
    }

    private IOException corrupt(String why) {
        return new IOException("replay counter file is corrupt (" + why + ")");
    }

    private void persist() throws IOException {
        StringBuilder body = new StringBuilder();
        CRC32 crc = new CRC32();
        for (Map.Entry<String, Long> entry : highest.entrySet()) {
            String line = entry.getKey() + " " + entry.getValue() + "\n";
            crc.update(line.getBytes(StandardCharsets.US_ASCII));
            body.append(line);
        }
        String content = HEADER + "\n" + body + "end " + highest.size() + " " + Long.toHexString(crc.getValue()) + "\n";
        Path directory = file.getParent();
        Files.createDirectories(directory);
        Path temp = directory.resolve(file.getFileName() + ".tmp");
        try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer buffer = ByteBuffer.wrap(content.getBytes(StandardCharsets.US_ASCII));
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(true);
        }
        try {
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("file system cannot rename atomically", e);
        }
        forceDirectory(directory);
    }

    private static void forceDirectory(Path directory) {
        // Makes the rename itself durable; some platforms cannot open directories, which is then best effort.
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // Not supported here (e.g. Windows); the rename is still atomic.
        }
    }

    @Override
    public synchronized String toString() {
        return "FileReplayGuard[" + file + ", " + highest.size() + " signers]";
    }
}
