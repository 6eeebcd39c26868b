package org.m2mdm.client.profiles;

import java.time.Duration;

import org.m2mdm.network.Bearer;

/**
 * How a switch checks that the new profile is usable: re-establish contact with the management
 * server over {@code bearer} (for the terminal: restart the LwM2M client and wait for registration).
 */
@FunctionalInterface
public interface ServerReachability {
    /** Never checks (e.g. before the first registration). */
    ServerReachability NOT_REQUIRED = (bearer, timeout) -> true;

    /** @return true if the server answered within {@code timeout} */
    boolean reconnect(Bearer bearer, Duration timeout) throws InterruptedException;
}
