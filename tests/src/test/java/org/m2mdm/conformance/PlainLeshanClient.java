package org.m2mdm.conformance;

import java.net.InetAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;

import org.eclipse.leshan.client.LeshanClient;
import org.eclipse.leshan.client.LeshanClientBuilder;
import org.eclipse.leshan.client.californium.endpoint.CaliforniumClientEndpointsProvider;
import org.eclipse.leshan.client.californium.endpoint.coap.CoapClientProtocolProvider;
import org.eclipse.leshan.client.californium.endpoint.coaps.CoapsClientProtocolProvider;
import org.eclipse.leshan.client.object.Device;
import org.eclipse.leshan.client.object.Security;
import org.eclipse.leshan.client.object.Server;
import org.eclipse.leshan.client.resource.ObjectsInitializer;
import org.eclipse.leshan.core.LwM2mId;
import org.eclipse.leshan.core.model.StaticModel;
import org.m2mdm.mo.Models;

/**
 * A stock Leshan client with only Security, Server and Device: the "any LwM2M client" the suite
 * must handle, without the USIM trees.
 */
final class PlainLeshanClient implements AutoCloseable {
    static final int SHORT_SERVER_ID = 101;

    private final LeshanClient client;

    private PlainLeshanClient(String endpoint, Security security, Server server, Device device) {
        ObjectsInitializer init = new ObjectsInitializer(new StaticModel(Models.all()));
        init.setInstancesForObject(LwM2mId.SECURITY, security);
        if (server != null) {
            init.setInstancesForObject(LwM2mId.SERVER, server);
        } else {
            init.setClassForObject(LwM2mId.SERVER, Server.class); // written by the bootstrap server
        }
        init.setInstancesForObject(LwM2mId.DEVICE, device);
        CaliforniumClientEndpointsProvider endpoints = new CaliforniumClientEndpointsProvider.Builder(
                new CoapClientProtocolProvider(), new CoapsClientProtocolProvider())
                .setClientAddress(InetAddress.getLoopbackAddress()).build();
        LeshanClientBuilder builder = new LeshanClientBuilder(endpoint);
        builder.setObjects(init.createAll());
        builder.setEndpointsProviders(endpoints);
        client = builder.build();
    }

    /** A client registering over plain CoAP. */
    static PlainLeshanClient noSec(String endpoint, URI serverUri) {
        return noSec(endpoint, serverUri, standardServer(), standardDevice());
    }

    /** A client registering over plain CoAP with the given Server and Device enablers. */
    static PlainLeshanClient noSec(String endpoint, URI serverUri, Server server, Device device) {
        return new PlainLeshanClient(endpoint, Security.noSec(serverUri.toString(), SHORT_SERVER_ID), server, device);
    }

    /** A client registering over DTLS with a pre-shared key. */
    static PlainLeshanClient psk(String endpoint, URI serverUri, String identity, byte[] key) {
        return new PlainLeshanClient(endpoint, Security.psk(serverUri.toString(), SHORT_SERVER_ID,
                identity.getBytes(StandardCharsets.UTF_8), key), standardServer(), standardDevice());
    }

    /** A client that knows only a plain-CoAP bootstrap server, which tells it where to register. */
    static PlainLeshanClient bootstrapping(String endpoint, URI bootstrapUri) {
        return new PlainLeshanClient(endpoint, Security.noSecBootstrap(bootstrapUri.toString()), null,
                standardDevice());
    }

    static Server standardServer() {
        return new Server(SHORT_SERVER_ID, 300);
    }

    static Device standardDevice() {
        return new Device("Plain Leshan Inc.", "plain-model", "SN-0001");
    }

    PlainLeshanClient start() {
        client.start();
        return this;
    }

    @Override
    public void close() {
        client.destroy(true);
    }
}
