package org.m2mdm.server.api;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.m2mdm.server.store.ActivationEntry;
import org.m2mdm.server.store.ActivationEntryStore;
import org.m2mdm.server.store.DuplicateKeyException;
import org.m2mdm.server.store.ManagementServer;
import org.m2mdm.server.store.ManagementServerRole;
import org.m2mdm.server.store.ManagementServerStore;
import org.m2mdm.server.store.NewActivationEntry;
import org.m2mdm.server.store.NewManagementServer;
import org.m2mdm.server.store.NotFoundException;
import org.m2mdm.envelope.trust.SignerRole;

/** AAS entries (which management servers a device or a label group gets) and the management servers. */
final class ActivationRoutes {
    /** The signer roles a trust policy may accept. */
    static final Set<String> SIGNER_ROLES = java.util.Arrays.stream(SignerRole.values()).map(Enum::name)
            .collect(java.util.stream.Collectors.toUnmodifiableSet());

    /** Exactly one of deviceId and label. */
    public record ActivationEntryRequest(String deviceId, String label, String usimServerId,
                                         String applicationServerId, List<String> trustedRoles,
                                         String trustAnchorsPem) {
    }

    public record ActivationEntryView(String id, String deviceId, String label, String usimServerId,
                                      String applicationServerId, List<String> trustedRoles, boolean customAnchors,
                                      Instant createdAt) {
    }

    public record ManagementServerRequest(String name, ManagementServerRole role, String uri, Integer shortServerId,
                                          String certificatePem) {
    }

    public record ManagementServerView(String id, String name, ManagementServerRole role, String uri,
                                       int shortServerId, String certificatePem, Instant createdAt) {
    }

    private final ActivationEntryStore entries;
    private final ManagementServerStore servers;
    private final Audit audit;

    ActivationRoutes(ActivationEntryStore entries, ManagementServerStore servers, Audit audit) {
        this.entries = entries;
        this.servers = servers;
        this.audit = audit;
    }

    List<Route> routes() {
        String base = ApiServer.PREFIX + "/activation-entries";
        String ms = ApiServer.PREFIX + "/management-servers";
        return List.of(
                Route.post(base, "createActivationEntry",
                                "Say which USIM and application management servers a device or a label group gets",
                                this::create)
                        .types(ActivationEntryRequest.class, ActivationEntryView.class).answering(201),
                Route.get(base, "listActivationEntries", "List AAS entries", this::list)
                        .types(null, ActivationEntryView[].class),
                Route.get(base + "/{entryId}", "getActivationEntry", "One AAS entry", this::show)
                        .types(null, ActivationEntryView.class),
                Route.delete(base + "/{entryId}", "deleteActivationEntry", "Delete an AAS entry", this::delete),
                Route.get(ms, "listManagementServers", "List the tenant's LwM2M management servers", this::listServers)
                        .types(null, ManagementServerView[].class),
                Route.post(ms, "createManagementServer", "Add a LwM2M management server", this::createServer)
                        .types(ManagementServerRequest.class, ManagementServerView.class).answering(201))
                .stream().map(r -> r.tagged("activation")).toList();
    }

    private ApiResponse create(ApiRequest request) {
        ActivationEntryRequest r = request.body(ActivationEntryRequest.class);
        boolean hasDevice = r.deviceId() != null && !r.deviceId().isBlank();
        boolean hasLabel = r.label() != null && !r.label().isBlank();
        if (hasDevice == hasLabel) {
            throw ApiException.badRequest("invalid_selection", "give exactly one of deviceId and label");
        }
        if (r.usimServerId() == null && r.applicationServerId() == null) {
            throw ApiException.badRequest("missing_field", "give usimServerId, applicationServerId or both");
        }
        checkServer(request.tenantId(), r.usimServerId(), true);
        checkServer(request.tenantId(), r.applicationServerId(), false);
        Set<String> roles = new TreeSet<>();
        for (String role : r.trustedRoles() == null ? List.<String>of() : r.trustedRoles()) {
            String name = role == null ? "" : role.trim().toUpperCase(Locale.ROOT);
            if (!SIGNER_ROLES.contains(name)) {
                throw ApiException.badRequest("invalid_role", "trusted role '" + ApiRequest.abbreviate(String.valueOf(role))
                        + "' is not one of " + new TreeSet<>(SIGNER_ROLES));
            }
            roles.add(name);
        }
        if (roles.isEmpty()) {
            roles.addAll(SIGNER_ROLES);
        }
        String anchors = Validation.certificatePem(r.trustAnchorsPem());
        NewActivationEntry entry = new NewActivationEntry(hasDevice ? r.deviceId().trim() : null,
                hasLabel ? Validation.label(r.label()) : null, r.usimServerId(), r.applicationServerId(), roles,
                anchors);
        try {
            ActivationEntry created = entries.create(request.tenantId(), entry);
            audit.ok(request, "activation-entry.create", created.id(), hasDevice ? "device " + created.deviceId()
                    : "label " + created.label());
            return ApiResponse.created(view(created), ApiServer.PREFIX + "/activation-entries/" + created.id());
        } catch (NotFoundException e) {
            throw ApiException.notFound("device_not_found", "no device with id '"
                    + ApiRequest.abbreviate(r.deviceId()) + "'");
        } catch (DuplicateKeyException e) {
            throw ApiException.conflict("activation_entry_exists", "an entry for this "
                    + (hasDevice ? "device" : "label") + " already exists; delete it first");
        }
    }

    private void checkServer(String tenantId, String serverId, boolean usim) {
        if (serverId == null) {
            return;
        }
        ManagementServer s = servers.find(tenantId, serverId).orElseThrow(() -> ApiException.notFound(
                "server_not_found", "no management server with id '" + ApiRequest.abbreviate(serverId) + "'"));
        if (usim ? !s.role().servesUsim() : !s.role().servesApplications()) {
            throw ApiException.badRequest("server_role_mismatch", "management server '" + s.name() + "' has role "
                    + s.role() + " and cannot serve " + (usim ? "USIM management" : "application management"));
        }
    }

    private ApiResponse list(ApiRequest request) {
        return ApiResponse.ok(entries.list(request.tenantId()).stream().map(ActivationRoutes::view).toList());
    }

    private ApiResponse show(ApiRequest request) {
        return ApiResponse.ok(view(find(request)));
    }

    private ApiResponse delete(ApiRequest request) {
        ActivationEntry e = find(request);
        entries.delete(request.tenantId(), e.id());
        audit.ok(request, "activation-entry.delete", e.id(), null);
        return ApiResponse.noContent();
    }

    private ActivationEntry find(ApiRequest request) {
        String id = request.pathParam("entryId");
        return entries.find(request.tenantId(), id).orElseThrow(() -> ApiException.notFound(
                "activation_entry_not_found", "no activation entry with id '" + ApiRequest.abbreviate(id) + "'"));
    }

    static ActivationEntryView view(ActivationEntry e) {
        return new ActivationEntryView(e.id(), e.deviceId(), e.label(), e.usimServerId(), e.applicationServerId(),
                e.trustedRoles().stream().sorted().toList(), e.trustAnchorsPem() != null, e.createdAt());
    }

    private ApiResponse listServers(ApiRequest request) {
        return ApiResponse.ok(servers.list(request.tenantId()).stream().map(ActivationRoutes::view).toList());
    }

    private ApiResponse createServer(ApiRequest request) {
        ManagementServerRequest r = request.body(ManagementServerRequest.class);
        String name = Validation.required(r.name(), "name");
        if (r.role() == null) {
            throw ApiException.badRequest("missing_field", "field 'role' is required (USIM, APPLICATION or BOTH)");
        }
        String uri = Validation.required(r.uri(), "uri");
        if (!uri.startsWith("coap://") && !uri.startsWith("coaps://")) {
            throw ApiException.badRequest("invalid_uri", "uri must be coap:// or coaps://");
        }
        if (r.shortServerId() == null || r.shortServerId() < 1 || r.shortServerId() > 65534) {
            throw ApiException.badRequest("invalid_short_server_id", "shortServerId must be from 1 to 65534");
        }
        try {
            ManagementServer s = servers.create(request.tenantId(), new NewManagementServer(name, r.role(), uri,
                    r.shortServerId(), Validation.certificatePem(r.certificatePem())));
            audit.ok(request, "management-server.create", s.id(), name);
            return ApiResponse.created(view(s), ApiServer.PREFIX + "/management-servers/" + s.id());
        } catch (DuplicateKeyException e) {
            throw ApiException.conflict("server_exists", "a server with this name or short server id exists");
        }
    }

    static ManagementServerView view(ManagementServer s) {
        return new ManagementServerView(s.id(), s.name(), s.role(), s.uri(), s.shortServerId(), s.certificatePem(),
                s.createdAt());
    }
}
