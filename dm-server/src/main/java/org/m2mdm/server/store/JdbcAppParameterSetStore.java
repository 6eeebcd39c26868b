package org.m2mdm.server.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** {@link AppParameterSetStore} on the database; URIs and parameters are kept as JSON text. */
public final class JdbcAppParameterSetStore implements AppParameterSetStore {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<List<String>> URIS = new TypeReference<>() { };
    private static final TypeReference<LinkedHashMap<String, String>> PARAMS = new TypeReference<>() { };

    private final Jdbc jdbc;
    private final Clock clock;

    public JdbcAppParameterSetStore(Database database, Clock clock) {
        this.jdbc = database.jdbc();
        this.clock = Jdbc.databasePrecision(clock);
    }

    @Override
    public AppParameterSet create(String tenantId, NewAppParameterSet s) {
        Checks.notNull("parameter set", s);
        Checks.text("application id", s.appId(), 200);
        Checks.text("version", s.version(), 100);
        s.serverUris().forEach(u -> Checks.text("server URI", u, 1000));
        s.parameters().forEach((k, v) -> {
            Checks.text("parameter name", k, 200);
            Checks.notNull("value of parameter " + k, v);
        });
        AppParameterSet set = new AppParameterSet(UUID.randomUUID().toString(), tenantId, s.appId(), s.version(), s.serverUris(),
                new LinkedHashMap<>(s.parameters()), clock.instant());
        try {
            jdbc.update("INSERT INTO app_parameter_sets (id, tenant_id, app_id, version, server_uris, parameters, created_at)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?)", set.id(), tenantId, set.appId(), set.version(), write(set.serverUris()),
                    write(set.parameters()), set.createdAt());
        } catch (DuplicateKeyException e) {
            throw new DuplicateKeyException("application " + s.appId() + " already has a parameter set version " + s.version(), e);
        } catch (ReferenceException e) {
            throw new NotFoundException("no tenant " + tenantId);
        }
        return set;
    }

    @Override
    public Optional<AppParameterSet> find(String tenantId, String setId) {
        return jdbc.queryOne("SELECT * FROM app_parameter_sets WHERE tenant_id = ? AND id = ?", this::map, tenantId, setId);
    }

    @Override
    public Optional<AppParameterSet> find(String tenantId, String appId, String version) {
        return jdbc.queryOne("SELECT * FROM app_parameter_sets WHERE tenant_id = ? AND app_id = ? AND version = ?", this::map,
                tenantId, appId, version);
    }

    @Override
    public List<AppParameterSet> list(String tenantId) {
        return jdbc.query("SELECT * FROM app_parameter_sets WHERE tenant_id = ? ORDER BY app_id, created_at", this::map, tenantId);
    }

    @Override
    public boolean delete(String tenantId, String setId) {
        return jdbc.update("DELETE FROM app_parameter_sets WHERE tenant_id = ? AND id = ?", tenantId, setId) == 1;
    }

    private AppParameterSet map(Jdbc.Row r) throws java.sql.SQLException {
        try {
            List<String> uris = JSON.readValue(r.str("server_uris"), URIS);
            Map<String, String> params = java.util.Collections.unmodifiableMap(JSON.readValue(r.str("parameters"), PARAMS));
            return new AppParameterSet(r.str("id"), r.str("tenant_id"), r.str("app_id"), r.str("version"), List.copyOf(uris), params,
                    r.instant("created_at"));
        } catch (JsonProcessingException e) {
            throw new StoreException("stored parameter set " + r.str("id") + " is not valid JSON", e);
        }
    }

    private static String write(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
