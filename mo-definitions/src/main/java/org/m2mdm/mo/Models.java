package org.m2mdm.mo;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.eclipse.leshan.core.model.InvalidDDFFileException;
import org.eclipse.leshan.core.model.InvalidModelException;
import org.eclipse.leshan.core.model.ObjectLoader;
import org.eclipse.leshan.core.model.ObjectModel;

/**
 * The object models of m2m-dm: Leshan's embedded OMA core objects (0-7, 21) plus the registry
 * objects 10, 11, 504, 505, 3443 and the private objects 32769-32771, all loaded with schema
 * validation from {@code /models/*.xml} on the classpath.
 */
public final class Models {
    /** Classpath folder of the project's DDF files. */
    public static final String RESOURCE_FOLDER = "/models/";

    /** OMA LwM2M registry files (commit b62ffc2, BSD-3-Clause), shipped unchanged. */
    static final String[] REGISTRY_FILES = { "10.xml", "11.xml", "504.xml", "505.xml", "3443.xml" };
    /** The project's private objects. */
    static final String[] PRIVATE_FILES = { "32769.xml", "32770.xml", "32771.xml" };

    private static final class Holder {
        static final List<ObjectModel> ALL = load();
    }

    private Models() {
    }

    /**
     * Every model the project uses, one per object id, ordered by id. Loaded (and validated) once.
     *
     * @throws IllegalStateException if a shipped DDF file is missing or invalid (a build defect)
     */
    public static List<ObjectModel> all() {
        return Holder.ALL;
    }

    /** Only the registry objects the project adds to Leshan's defaults (10, 11, 504, 505, 3443). */
    public static List<ObjectModel> registry() {
        return loadValidated(REGISTRY_FILES);
    }

    /** Only the private objects (32769, 32770, 32771). */
    public static List<ObjectModel> privateModels() {
        return loadValidated(PRIVATE_FILES);
    }

    /** The model of one object id, or {@code null} if the project does not know it. */
    public static ObjectModel get(int objectId) {
        for (ObjectModel m : all()) {
            if (m.id == objectId) {
                return m;
            }
        }
        return null;
    }

    private static List<ObjectModel> load() {
        Map<Integer, ObjectModel> byId = new TreeMap<>();
        for (ObjectModel m : ObjectLoader.loadDefault()) {
            byId.put(m.id, m);
        }
        for (ObjectModel m : loadValidated(REGISTRY_FILES)) {
            byId.put(m.id, m);
        }
        for (ObjectModel m : loadValidated(PRIVATE_FILES)) {
            if (byId.put(m.id, m) != null) {
                throw new IllegalStateException("private object id " + m.id + " collides with a standard object");
            }
        }
        return Collections.unmodifiableList(new ArrayList<>(byId.values()));
    }

    private static List<ObjectModel> loadValidated(String[] files) {
        try {
            return ObjectLoader.loadDdfResources(RESOURCE_FOLDER, files, true);
        } catch (InvalidModelException | InvalidDDFFileException | IOException e) {
            throw new IllegalStateException("cannot load object models " + String.join(", ", files) + ": "
                    + e.getMessage(), e);
        }
    }
}
