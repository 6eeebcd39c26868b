package org.m2mdm.server.activation;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Optional;

import org.eclipse.leshan.core.node.LwM2mObjectInstance;
import org.eclipse.leshan.core.node.LwM2mPath;
import org.eclipse.leshan.core.node.LwM2mSingleResource;
import org.eclipse.leshan.core.request.BootstrapWriteRequest;
import org.eclipse.leshan.core.request.ContentFormat;
import org.eclipse.leshan.core.response.LwM2mResponse;
import org.eclipse.leshan.server.bootstrap.BootstrapSession;
import org.eclipse.leshan.server.bootstrap.BootstrapTaskProvider;
import org.eclipse.leshan.server.bootstrap.BootstrapUtil;
import org.m2mdm.mo.ApplicationActivationResources;
import org.m2mdm.mo.ObjectIds;

/**
 * Bootstrap tasks of the AAS: the Security/Server writes of {@link DatabaseBootstrapConfigStore} followed by a
 * write of the Application Activation object (32770/0: AAS address and the encoded trust policy), which Leshan's
 * BootstrapConfig cannot express.
 */
final class ActivationTaskProvider implements BootstrapTaskProvider {
    private final DatabaseBootstrapConfigStore store;

    ActivationTaskProvider(DatabaseBootstrapConfigStore store) {
        this.store = store;
    }

    @Override
    public Tasks getTasks(BootstrapSession session, List<LwM2mResponse> previousResponses) {
        Optional<ActivationPlan> plan = store.plan(session.getEndpoint());
        if (plan.isEmpty()) {
            return null;
        }
        ActivationPlan p = plan.get();
        ContentFormat format = session.getContentFormat();
        Tasks tasks = new Tasks();
        tasks.requestsToSend = new ArrayList<>(BootstrapUtil.toRequests(p.config(), format));
        LwM2mObjectInstance activation = new LwM2mObjectInstance(0,
                LwM2mSingleResource.newStringResource(ApplicationActivationResources.AAS_ADDRESS, p.aasAddress()),
                LwM2mSingleResource.newBinaryResource(ApplicationActivationResources.TRUST_ANCHORS,
                        p.trustPolicy().encode()));
        tasks.requestsToSend.add(new BootstrapWriteRequest(new LwM2mPath(ObjectIds.APPLICATION_ACTIVATION, 0),
                activation, format));
        tasks.supportedObjects = new HashMap<>();
        tasks.supportedObjects.put(0, "1.1");
        tasks.supportedObjects.put(1, "1.1");
        tasks.supportedObjects.put(2, "1.0");
        tasks.supportedObjects.put(ObjectIds.APPLICATION_ACTIVATION, "1.0");
        tasks.last = true;
        return tasks;
    }
}
