package org.m2mdm.client.objects;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

import org.m2mdm.client.profiles.AtomicFiles;
import org.m2mdm.client.profiles.ProfileStoreException;
import org.m2mdm.envelope.trust.TrustPolicy;
import org.m2mdm.mo.ApplicationActivationResources;

/**
 * Activation state in {@code activation.properties} and the AAS-written policy in
 * {@code aas-trust-policy.bin}; without the latter the manufacture-time policy applies.
 */
public final class FileActivationStore implements ActivationStore {
    private final Path dir;
    private final TrustPolicy manufacturePolicy;
    private String aasAddress;
    private TrustPolicy aasPolicy;
    private int state;

    public FileActivationStore(Path dir, String manufactureAasAddress, TrustPolicy manufacturePolicy) {
        this.dir = dir;
        this.manufacturePolicy = manufacturePolicy;
        this.aasAddress = manufactureAasAddress;
        this.state = ApplicationActivationResources.STATE_FACTORY;
        try {
            Path props = dir.resolve("activation.properties");
            if (Files.exists(props)) {
                Properties p = AtomicFiles.readProperties(props);
                aasAddress = p.getProperty("aasAddress", manufactureAasAddress);
                state = Integer.parseInt(p.getProperty("state", "0"));
            }
            Path pol = dir.resolve("aas-trust-policy.bin");
            if (Files.exists(pol)) {
                aasPolicy = TrustPolicy.decode(Files.readAllBytes(pol));
            }
        } catch (IOException | RuntimeException e) {
            throw new ProfileStoreException("activation state in " + dir + " is unreadable: " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized String aasAddress() {
        return aasAddress;
    }

    @Override
    public synchronized void setAasAddress(String address) {
        aasAddress = address;
        save();
    }

    @Override
    public synchronized TrustPolicy policy() {
        return aasPolicy != null ? aasPolicy : manufacturePolicy;
    }

    @Override
    public synchronized String policySource() {
        return aasPolicy != null ? "aas" : "manufacture";
    }

    @Override
    public synchronized void setAasPolicy(TrustPolicy policy) {
        try {
            AtomicFiles.write(dir.resolve("aas-trust-policy.bin"), policy.encode());
        } catch (IOException e) {
            throw new ProfileStoreException("cannot store trust policy: " + e.getMessage(), e);
        }
        aasPolicy = policy;
        state = ApplicationActivationResources.STATE_ACTIVATED;
        save();
    }

    @Override
    public synchronized int activationState() {
        return state;
    }

    @Override
    public synchronized void setActivationState(int s) {
        if (s != state) {
            state = s;
            save();
        }
    }

    private void save() {
        Properties p = new Properties();
        p.setProperty("aasAddress", aasAddress);
        p.setProperty("state", Integer.toString(state));
        try {
            AtomicFiles.writeProperties(dir.resolve("activation.properties"), p);
        } catch (IOException e) {
            throw new ProfileStoreException("cannot store activation state: " + e.getMessage(), e);
        }
    }
}
