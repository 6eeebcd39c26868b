package org.m2mdm.client.profiles;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Append-only, fsynced log of the profile switch steps ({@code journal.log}). The selection file is
 * the authoritative state; the journal records what happened and lets recovery explain an
 * interrupted switch. A torn last line (power cut mid-append) is ignored on reading.
 */
public final class Journal {
    private final Path file;
    private final Clock clock;

    public Journal(Path file, Clock clock) {
        this.file = file;
        this.clock = clock;
    }

    /** Appends one entry durably. Entries carry ICCIDs and reasons only, never secrets. */
    public synchronized void append(String event, String detail) {
        String line = clock.instant() + " " + event + (detail.isEmpty() ? "" : " " + detail.replace('\n', ' ')) + "\n";
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND)) {
            ByteBuffer b = ByteBuffer.wrap(line.getBytes(StandardCharsets.UTF_8));
            while (b.hasRemaining()) {
                ch.write(b);
            }
            ch.force(true);
        } catch (IOException e) {
            throw new ProfileStoreException("cannot append to journal " + file + ": " + e.getMessage(), e);
        }
    }

    /** All complete entries, oldest first. */
    public synchronized List<String> entries() {
        if (!Files.exists(file)) {
            return List.of();
        }
        try {
            String all = Files.readString(file, StandardCharsets.UTF_8);
            List<String> lines = new ArrayList<>(List.of(all.split("\n", -1)));
            lines.remove(lines.size() - 1); // text after the last newline is empty or a torn line
            return lines;
        } catch (IOException e) {
            throw new ProfileStoreException("cannot read journal " + file + ": " + e.getMessage(), e);
        }
    }

    /** The last complete entry, if any. */
    public String last() {
        List<String> e = entries();
        return e.isEmpty() ? "" : e.get(e.size() - 1);
    }
}
