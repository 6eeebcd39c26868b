package org.m2mdm.usim.milenage;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the TS 35.207/35.208 test sets from src/test/resources/vectors (a flat JSON array of string fields). */
final class MilenageTestSets {
    private static final Pattern OBJECT = Pattern.compile("\\{([^}]*)}");
    private static final Pattern FIELD = Pattern.compile("\"(\\w+)\"\\s*:\\s*(\"([0-9a-fA-F]*)\"|(\\d+))");

    private MilenageTestSets() {
    }

    record TestSet(int set, Map<String, byte[]> fields) {
        byte[] get(String name) {
            byte[] v = fields.get(name);
            if (v == null) {
                throw new IllegalStateException("test set " + set + " has no field " + name);
            }
            return v;
        }

        @Override
        public String toString() {
            return "TS 35.207 test set " + set;
        }
    }

    static List<TestSet> all() {
        String json;
        try (InputStream in = MilenageTestSets.class.getResourceAsStream("/vectors/milenage-ts35207-35208-sets1-6.json")) {
            if (in == null) {
                throw new IllegalStateException("test vectors missing from the test classpath");
            }
            json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<TestSet> sets = new ArrayList<>();
        Matcher o = OBJECT.matcher(json);
        while (o.find()) {
            Map<String, byte[]> fields = new HashMap<>();
            int set = -1;
            Matcher f = FIELD.matcher(o.group(1));
            while (f.find()) {
                if (f.group(4) != null) {
                    set = Integer.parseInt(f.group(4));
                } else {
                    fields.put(f.group(1), HexFormat.of().parseHex(f.group(3)));
                }
            }
            sets.add(new TestSet(set, fields));
        }
        if (sets.size() != 6) {
            throw new IllegalStateException("expected 6 test sets, read " + sets.size());
        }
        return sets;
    }
}
