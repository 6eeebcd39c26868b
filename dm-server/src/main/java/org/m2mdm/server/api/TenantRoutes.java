package org.m2mdm.server.api;

import java.time.Instant;
import java.util.List;
import org.m2mdm.server.store.AuditEvent;
import org.m2mdm.server.store.AuditLog;
import org.m2mdm.server.store.TenantStore;

/** Who am I, and the tenant's audit trail. */
final class TenantRoutes {

    public record TenantView(String id, String name) {
    }

    public record AuditView(String actor, String action, String subject, String outcome, String detail, Instant at) {
    }

    /** A new token's label (for telling tokens apart; default "api"). */
    public record TokenRequest(String label) {
    }

    /** Shown once, when the token is issued; only its hash is stored. */
    public record IssuedToken(String token, String label) {
    }

    public record TokenView(String id, String label, Instant createdAt) {
    }

    private final AuditLog audit;
    private final TenantStore tenants;
    private final Audit commands;

    TenantRoutes(AuditLog audit, TenantStore tenants, Audit commands) {
        this.audit = audit;
        this.tenants = tenants;
        this.commands = commands;
    }

    List<Route> routes() {
        return List.of(
                Route.get(ApiServer.PREFIX + "/tenant", "getTenant", "The tenant the token belongs to",
                                r -> ApiResponse.ok(new TenantView(r.tenantId(), r.caller().tenantName())))
                        .types(null, TenantView.class).tagged("tenant"),
                Route.get(ApiServer.PREFIX + "/audit", "listAudit", "The tenant's audit log, newest first",
                                r -> ApiResponse.ok(audit.list(r.tenantId(), r.intQuery("limit", 100, 1, 1000))
                                        .stream().map(TenantRoutes::view).toList()))
                        .withQuery(QueryParam.integer("limit", "events to return, 1-1000 (default 100)"))
                        .types(null, AuditView[].class).tagged("tenant"),
                Route.post(ApiServer.PREFIX + "/tokens", "issueToken", "Issue another API token for this tenant"
                        + " (the token is shown once)", this::issue)
                        .types(TokenRequest.class, IssuedToken.class).answering(201).tagged("tenant"),
                Route.get(ApiServer.PREFIX + "/tokens", "listTokens", "The tenant's tokens (ids and labels only)",
                        r -> ApiResponse.ok(tenants.tokens(r.tenantId()).stream()
                                .map(t -> new TokenView(t.id(), t.label(), t.createdAt())).toList()))
                        .types(null, TokenView[].class).tagged("tenant"),
                Route.delete(ApiServer.PREFIX + "/tokens/{tokenId}", "revokeToken", "Revoke one of the tenant's tokens",
                        this::revoke).tagged("tenant"));
    }

    private ApiResponse issue(ApiRequest request) {
        TokenRequest r = request.body().length == 0 ? new TokenRequest(null) : request.body(TokenRequest.class);
        String label = r.label() == null || r.label().isBlank() ? "api" : r.label().trim();
        if (label.length() > 64) {
            throw ApiException.badRequest("invalid_label", "a token label has at most 64 characters");
        }
        String token = tenants.issueToken(request.tenantId(), label);
        commands.ok(request, "token.issue", null, "label " + label);
        return new ApiResponse(201, new IssuedToken(token, label), JsonCodec.JSON, java.util.Map.of());
    }

    private ApiResponse revoke(ApiRequest request) {
        String id = request.pathParam("tokenId");
        if (!tenants.revokeToken(request.tenantId(), id)) {
            throw ApiException.notFound("token_not_found", "no token with id '" + ApiRequest.abbreviate(id) + "'");
        }
        commands.ok(request, "token.revoke", id, null);
        return ApiResponse.noContent();
    }

    static AuditView view(AuditEvent e) {
        return new AuditView(e.actor(), e.action(), e.subject(), e.outcome(), e.detail(), e.at());
    }
}
