package org.m2mdm.server.api;

import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.m2mdm.server.store.AppParameterSet;
import org.m2mdm.server.store.AppParameterSetStore;
import org.m2mdm.server.store.DuplicateKeyException;
import org.m2mdm.server.store.NewAppParameterSet;
import org.m2mdm.server.store.NewUsimCredentialSet;
import org.m2mdm.server.store.UsimCredentialSet;
import org.m2mdm.server.store.UsimCredentialStore;
import org.m2mdm.server.store.UsimSecret;
import org.m2mdm.usim.Algorithm;
import org.m2mdm.usim.Iccid;
import org.m2mdm.usim.Imsi;
import org.m2mdm.usim.Plmn;

/**
 * USIM credential sets (write-only secrets: K and OPc go in, never come out) and application parameter sets.
 */
final class CredentialRoutes {

    /** A credential set to store. {@code k} and {@code opc} are 32 hex digits; amf is 4 hex digits. */
    public record CredentialSetRequest(String imsi, String iccid, String k, String opc, String algorithm, String amf,
                                       String operatorPlmn) {
        @Override
        public String toString() {
            return "CredentialSetRequest[imsi=" + imsi + ", secrets redacted]";
        }
    }

    /** A credential set as the API shows it: no K, no OPc. */
    public record CredentialSetView(String id, String imsi, String iccid, String algorithm, String amf,
                                    String operatorPlmn, String assignedDeviceId, Instant createdAt) {
    }

    public record AppParameterSetRequest(String appId, String version, List<String> serverUris,
                                         Map<String, String> parameters) {
    }

    public record AppParameterSetView(String id, String appId, String version, List<String> serverUris,
                                      Map<String, String> parameters, Instant createdAt) {
    }

    private final UsimCredentialStore credentials;
    private final AppParameterSetStore appParameters;
    private final String defaultPlmn;
    private final Audit audit;

    CredentialRoutes(UsimCredentialStore credentials, AppParameterSetStore appParameters, String defaultPlmn,
                     Audit audit) {
        this.credentials = credentials;
        this.appParameters = appParameters;
        this.defaultPlmn = defaultPlmn;
        this.audit = audit;
    }

    List<Route> routes() {
        String usim = ApiServer.PREFIX + "/usim-credential-sets";
        String apps = ApiServer.PREFIX + "/app-parameter-sets";
        return List.of(
                Route.post(usim, "createUsimCredentialSet",
                                "Store a USIM credential set (K and OPc are encrypted at rest and never returned)",
                                this::createSet)
                        .types(CredentialSetRequest.class, CredentialSetView.class).answering(201).tagged("usim"),
                Route.get(usim, "listUsimCredentialSets", "List credential sets (without K/OPc)", this::listSets)
                        .types(null, CredentialSetView[].class).tagged("usim"),
                Route.get(usim + "/{setId}", "getUsimCredentialSet", "One credential set (without K/OPc)",
                                this::showSet)
                        .types(null, CredentialSetView.class).tagged("usim"),
                Route.post(apps, "createAppParameterSet", "Store an application parameter set", this::createParams)
                        .types(AppParameterSetRequest.class, AppParameterSetView.class).answering(201)
                        .tagged("applications"),
                Route.get(apps, "listAppParameterSets", "List application parameter sets", this::listParams)
                        .types(null, AppParameterSetView[].class).tagged("applications"),
                Route.get(apps + "/{setId}", "getAppParameterSet", "One application parameter set",
                                this::showParams)
                        .types(null, AppParameterSetView.class).tagged("applications"));
    }

    private ApiResponse createSet(ApiRequest request) {
        CredentialSetRequest r = request.body(CredentialSetRequest.class);
        String plmnText = r.operatorPlmn() == null || r.operatorPlmn().isBlank() ? defaultPlmn : r.operatorPlmn().trim();
        Plmn plmn;
        try {
            plmn = Plmn.parse(Validation.required(plmnText, "operatorPlmn"));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("invalid_plmn", "operatorPlmn must be MCC-MNC, e.g. 001-01");
        }
        Imsi imsi;
        try {
            imsi = Imsi.of(Validation.required(r.imsi(), "imsi"), plmn.mnc().length());
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("invalid_imsi", "imsi must be 6-15 digits");
        }
        if (!imsi.plmn().equals(plmn)) {
            throw ApiException.badRequest("imsi_plmn_mismatch", "imsi " + imsi + " is not in PLMN " + plmn);
        }
        Iccid iccid;
        try {
            iccid = Iccid.of(Validation.required(r.iccid(), "iccid"));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("invalid_iccid", "iccid must be 18-20 digits with a valid Luhn check digit");
        }
        String algorithm = r.algorithm() == null ? Algorithm.MILENAGE.name() : r.algorithm().trim()
                .toUpperCase(Locale.ROOT);
        try {
            Algorithm.valueOf(algorithm);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("invalid_algorithm", "algorithm must be one of "
                    + java.util.Arrays.toString(Algorithm.values()));
        }
        int amf = hex("amf", r.amf() == null ? "8000" : r.amf(), 2);
        UsimSecret secret = new UsimSecret(secretHex("k", r.k()), secretHex("opc", r.opc()));
        try {
            UsimCredentialSet set = credentials.create(request.tenantId(), new NewUsimCredentialSet(imsi.digits(),
                    iccid.digits(), secret, algorithm, amf, plmn.toString()));
            audit.ok(request, "usim.credential-set.create", set.id(), "imsi " + set.imsi());
            return ApiResponse.created(view(set), ApiServer.PREFIX + "/usim-credential-sets/" + set.id());
        } catch (DuplicateKeyException e) {
            throw ApiException.conflict("credential_set_exists", "a credential set with this IMSI or ICCID exists");
        } finally {
            secret.destroy();
        }
    }

    private static byte[] secretHex(String field, String value) {
        String v = Validation.required(value, field);
        if (!v.matches("[0-9A-Fa-f]{32}")) {
            // never echo the value: it is (meant to be) a secret
            throw ApiException.badRequest("invalid_" + field, field + " must be 32 hex digits (16 bytes)");
        }
        return HexFormat.of().parseHex(v);
    }

    private static int hex(String field, String value, int bytes) {
        String v = value.trim();
        if (!v.matches("[0-9A-Fa-f]{" + (2 * bytes) + "}")) {
            throw ApiException.badRequest("invalid_" + field, field + " must be " + (2 * bytes) + " hex digits");
        }
        return Integer.parseInt(v, 16);
    }

    private ApiResponse listSets(ApiRequest request) {
        return ApiResponse.ok(credentials.list(request.tenantId()).stream().map(CredentialRoutes::view).toList());
    }

    private ApiResponse showSet(ApiRequest request) {
        return ApiResponse.ok(view(credentials.find(request.tenantId(), request.pathParam("setId"))
                .orElseThrow(() -> ApiException.notFound("credential_set_not_found", "no credential set with id '"
                        + ApiRequest.abbreviate(request.pathParam("setId")) + "'"))));
    }

    static CredentialSetView view(UsimCredentialSet s) {
        return new CredentialSetView(s.id(), s.imsi(), s.iccid(), s.algorithm(), String.format("%04x", s.amf()),
                s.operatorPlmn(), s.assignedDeviceId(), s.createdAt());
    }

    private ApiResponse createParams(ApiRequest request) {
        AppParameterSetRequest r = request.body(AppParameterSetRequest.class);
        String appId = Validation.required(r.appId(), "appId");
        String version = Validation.required(r.version(), "version");
        List<String> uris = r.serverUris() == null ? List.of() : r.serverUris();
        for (String uri : uris) {
            try {
                java.net.URI u = new java.net.URI(uri);
                if (u.getScheme() == null) {
                    throw new java.net.URISyntaxException(uri, "no scheme");
                }
            } catch (java.net.URISyntaxException | NullPointerException e) {
                throw ApiException.badRequest("invalid_uri", "server URI '" + ApiRequest.abbreviate(String.valueOf(uri))
                        + "' is not an absolute URI");
            }
        }
        Map<String, String> params = r.parameters() == null ? Map.of() : r.parameters();
        params.forEach((k, v) -> {
            if (k == null || k.isBlank() || k.contains("=") || v == null) {
                throw ApiException.badRequest("invalid_parameter", "parameter names must be non-empty without '='"
                        + " and values must not be null");
            }
        });
        try {
            AppParameterSet set = appParameters.create(request.tenantId(), new NewAppParameterSet(appId, version, uris,
                    params));
            audit.ok(request, "app.parameter-set.create", set.id(), appId + " " + version);
            return ApiResponse.created(view(set), ApiServer.PREFIX + "/app-parameter-sets/" + set.id());
        } catch (DuplicateKeyException e) {
            throw ApiException.conflict("parameter_set_exists", "application " + appId + " version " + version
                    + " already exists");
        }
    }

    private ApiResponse listParams(ApiRequest request) {
        return ApiResponse.ok(appParameters.list(request.tenantId()).stream().map(CredentialRoutes::view).toList());
    }

    private ApiResponse showParams(ApiRequest request) {
        return ApiResponse.ok(view(appParameters.find(request.tenantId(), request.pathParam("setId"))
                .orElseThrow(() -> ApiException.notFound("parameter_set_not_found", "no parameter set with id '"
                        + ApiRequest.abbreviate(request.pathParam("setId")) + "'"))));
    }

    static AppParameterSetView view(AppParameterSet s) {
        return new AppParameterSetView(s.id(), s.appId(), s.version(), s.serverUris(), s.parameters(), s.createdAt());
    }
}
