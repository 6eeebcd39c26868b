package org.m2mdm.scenarios;

import java.nio.file.Path;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.m2mdm.fleet.Deployment;
import org.m2mdm.fleet.DmApi;

/**
 * A scenario's operator side: one deployment (dm-server with its embedded roles and a simulated network of
 * the scenario's operators) started before each test on a fresh data directory and closed after it.
 */
abstract class OperatorSideTest {
    @TempDir
    Path dir;
    Deployment deployment;
    DmApi api;
    final TerminalEvents events = new TerminalEvents();

    /** Adds the operators this scenario's network has. */
    abstract Deployment.Builder operators(Deployment.Builder builder);

    @BeforeEach
    void startOperatorSide() {
        deployment = operators(Deployment.builder(dir)).start();
        api = deployment.api();
    }

    @AfterEach
    void stopOperatorSide() {
        if (deployment != null) {
            deployment.close();
        }
    }
}
