package org.m2mdm.client.modem;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

import org.eclipse.californium.core.CoapClient;
import org.eclipse.californium.core.CoapResponse;
import org.eclipse.californium.core.config.CoapConfig;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.elements.config.UdpConfig;
import org.eclipse.californium.elements.exception.ConnectorException;
import org.m2mdm.network.Bearer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fetches a file (e.g. a 505 profile package) with CoAP GET, block-wise, through the bearer's relay
 * so the network's filter applies. Only {@code coap://}: the package is an envelope, protected end
 * to end, so the transport needs no DTLS.
 */
public final class BearerDownloader {
    private static final Logger LOG = LoggerFactory.getLogger(BearerDownloader.class);

    private final Supplier<Optional<Bearer>> bearer;
    private final Duration timeout;
    private final int maxBytes;

    public BearerDownloader(Supplier<Optional<Bearer>> bearer, Duration timeout, int maxBytes) {
        this.bearer = bearer;
        this.timeout = timeout;
        this.maxBytes = maxBytes;
    }

    /**
     * @throws IllegalArgumentException if the URI is not coap:// or its host does not resolve
     * @throws IOException if nothing (or an error) came back in time
     */
    public byte[] get(URI uri) throws IOException {
        if (!"coap".equals(uri.getScheme())) {
            throw new IllegalArgumentException("unsupported scheme " + uri.getScheme() + " (only coap)");
        }
        Bearer b = bearer.get().orElseThrow(() -> new IOException("not attached"));
        URI full = uri.getPort() == -1 ? withPort(uri, 5683) : uri;
        InetSocketAddress destination = BearerEndpointsProvider.destination(b, full)
                .orElseThrow(() -> new IllegalArgumentException(uri.getHost() + " does not resolve in " + b.plmn()));
        InetSocketAddress relay = b.relayTo(destination);
        URI viaRelay;
        try {
            viaRelay = new URI("coap", null, relay.getAddress().getHostAddress(), relay.getPort(), uri.getPath(),
                    uri.getQuery(), null);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("cannot rewrite " + uri, e);
        }
        Configuration cfg = new Configuration(CoapConfig.DEFINITIONS, UdpConfig.DEFINITIONS);
        cfg.set(CoapConfig.MAX_RESOURCE_BODY_SIZE, maxBytes);
        CoapEndpoint endpoint = new CoapEndpoint.Builder()
                .setInetSocketAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)).setConfiguration(cfg).build();
        CoapClient client = new CoapClient(viaRelay.toString());
        try {
            endpoint.start();
            client.setEndpoint(endpoint).setTimeout(timeout.toMillis());
            LOG.info("downloading {} through the bearer on {}", uri, b.plmn());
            CoapResponse r = client.get();
            if (r == null) {
                throw new IOException("no answer from " + uri + " within " + timeout);
            }
            if (!r.isSuccess()) {
                throw new IOException(uri + " answered " + r.getCode());
            }
            byte[] payload = r.getPayload();
            if (payload.length > maxBytes) {
                throw new IOException(uri + " returned more than " + maxBytes + " bytes");
            }
            return payload;
        } catch (ConnectorException e) {
            throw new IOException("cannot reach " + uri + ": " + e.getMessage(), e);
        } finally {
            client.shutdown();
            endpoint.destroy();
        }
    }

    private static URI withPort(URI u, int port) {
        try {
            return new URI(u.getScheme(), u.getUserInfo(), u.getHost(), port, u.getPath(), u.getQuery(), u.getFragment());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
