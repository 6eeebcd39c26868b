package org.m2mdm.mo.payload;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

import com.upokecenter.cbor.CBORObject;
import com.upokecenter.cbor.CBORType;

/**
 * The plaintext of an envelope of type {@code app-params}: the parameter set of one M2M application.
 * Parameter values may be confidential (application passwords), so {@link #toString()} prints only
 * the parameter names.
 * <p>
 * Wire format (version 1): a canonical CBOR map with text keys
 * <pre>
 * { "v": 1, "app": tstr ([A-Za-z0-9._-]{1,64}), "version": tstr (1-32 chars),
 *   "servers": [* tstr (absolute URI)], "params": { * tstr => tstr } }
 * </pre>
 * Parameter names are 1-64 characters without '=' or control characters; values have no control
 * characters and at most 1024 characters. At most 64 servers and 256 parameters.
 */
public record AppParametersPayload(String applicationId, String version, List<String> serverUris,
        Map<String, String> parameters) {

    /** The format version this class writes and reads. */
    public static final int FORMAT_VERSION = 1;

    private static final Set<String> KEYS = Set.of("v", "app", "version", "servers", "params");
    private static final Pattern APP_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final Pattern PARAM_NAME = Pattern.compile("[^=\\p{Cntrl}]{1,64}");
    private static final Pattern PARAM_VALUE = Pattern.compile("[^\\p{Cntrl}]{0,1024}");

    /** Validates every field and makes unmodifiable, name-sorted copies of the collections. */
    public AppParametersPayload {
        if (applicationId == null || !APP_ID.matcher(applicationId).matches()) {
            throw new PayloadFormatException("app-params field 'app' must be 1-64 characters of [A-Za-z0-9._-]");
        }
        if (version == null || version.isEmpty() || version.length() > 32 || version.chars().anyMatch(Character::isISOControl)) {
            throw new PayloadFormatException("app-params field 'version' must be 1-32 printable characters");
        }
        serverUris = serverUris == null ? List.of() : List.copyOf(serverUris);
        if (serverUris.size() > 64) {
            throw new PayloadFormatException("app-params has more than 64 servers");
        }
        for (String u : serverUris) {
            try {
                if (!new URI(u).isAbsolute()) {
                    throw new PayloadFormatException("app-params server URI is not absolute: " + u);
                }
            } catch (URISyntaxException e) {
                throw new PayloadFormatException("app-params server URI is invalid: " + e.getMessage());
            }
        }
        Map<String, String> sorted = new TreeMap<>();
        if (parameters != null) {
            if (parameters.size() > 256) {
                throw new PayloadFormatException("app-params has more than 256 parameters");
            }
            for (Map.Entry<String, String> e : parameters.entrySet()) {
                if (e.getKey() == null || !PARAM_NAME.matcher(e.getKey()).matches()) {
                    throw new PayloadFormatException(
                            "app-params parameter name must be 1-64 characters without '=' or control characters");
                }
                if (e.getValue() == null || !PARAM_VALUE.matcher(e.getValue()).matches()) {
                    throw new PayloadFormatException("app-params parameter '" + e.getKey()
                            + "' has a value that is missing, too long or contains control characters");
                }
                sorted.put(e.getKey(), e.getValue());
            }
        }
        parameters = Collections.unmodifiableMap(new LinkedHashMap<>(sorted));
    }

    /** The parameters as {@code key=value} strings, sorted by key (as exposed in 32771/x/3). */
    public List<String> parameterLines() {
        List<String> lines = new ArrayList<>();
        parameters.forEach((k, v) -> lines.add(k + "=" + v));
        return lines;
    }

    /** Canonical CBOR encoding (see the class comment). */
    public byte[] encode() {
        CBORObject o = CBORObject.NewMap();
        o.Add("v", FORMAT_VERSION);
        o.Add("app", applicationId);
        o.Add("version", version);
        CBORObject servers = CBORObject.NewArray();
        serverUris.forEach(servers::Add);
        o.Add("servers", servers);
        Cbor.putTextMap(o, "params", parameters);
        return o.EncodeToBytes(Cbor.CANONICAL);
    }

    /**
     * Parses and validates a payload.
     *
     * @throws PayloadFormatException naming the first problem found
     */
    public static AppParametersPayload decode(byte[] bytes) {
        Cbor c = Cbor.read("app-params", bytes, FORMAT_VERSION, KEYS);
        List<String> servers = new ArrayList<>();
        for (CBORObject s : c.array("servers").getValues()) {
            if (s.getType() != CBORType.TextString) {
                throw new PayloadFormatException("app-params 'servers' entries must be text strings");
            }
            servers.add(s.AsString());
        }
        Map<String, String> params = new LinkedHashMap<>();
        for (Map.Entry<CBORObject, CBORObject> e : c.map("params").getEntries()) {
            if (e.getKey().getType() != CBORType.TextString || e.getValue().getType() != CBORType.TextString) {
                throw new PayloadFormatException("app-params 'params' must map text strings to text strings");
            }
            params.put(e.getKey().AsString(), e.getValue().AsString());
        }
        return new AppParametersPayload(c.text("app"), c.text("version"), servers, params);
    }

    /** Application, version, servers and parameter names; parameter values are not printed. */
    @Override
    public String toString() {
        return "AppParametersPayload[app=" + applicationId + ", version=" + version + ", servers=" + serverUris
                + ", parameters=" + parameters.keySet() + "]";
    }
}
