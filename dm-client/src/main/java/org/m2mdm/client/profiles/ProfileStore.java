package org.m2mdm.client.profiles;

import java.util.List;
import java.util.Optional;

import org.m2mdm.usim.Iccid;
import org.m2mdm.usim.aka.SqnState;

/**
 * The terminal's USIM profiles with their selection, SQN state and attach records. Every mutation
 * is durable when the method returns. {@link FileProfileStore} is the embedded implementation.
 */
public interface ProfileStore {
    /** All profiles, ordered by instance id. */
    List<StoredProfile> profiles();

    Optional<StoredProfile> find(Iccid iccid);

    Selection selection();

    /** Replaces the selection atomically (the commit point of switches). */
    void select(Selection selection);

    /**
     * Adds a profile (not selected). @throws ProfileStoreException if the ICCID is already installed
     * or the store is full
     */
    void install(StoredProfile profile);

    /** Removes a profile that is neither enabled, on trial nor the fallback. */
    void delete(Iccid iccid);

    /** The USIM's SQN freshness state for the profile ({@link SqnState#initial()} if none yet). */
    SqnState sqnState(Iccid iccid);

    void saveSqnState(Iccid iccid, SqnState state);

    AttachRecord lastAttach(Iccid iccid);

    void recordAttach(Iccid iccid, AttachRecord record);

    /** The lowest instance id not used by any profile. */
    int nextInstanceId();

    /** Maximum number of profiles the store holds (the "SIM memory"). */
    int capacity();
}
