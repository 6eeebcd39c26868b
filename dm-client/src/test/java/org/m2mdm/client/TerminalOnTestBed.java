package org.m2mdm.client;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.TestInstance;

/**
 * Shared lifecycle of the tests that run one terminal at a time against a {@link TestBed}: the servers and
 * network start once per test class (they are slow to build), the terminal a test started is stopped after
 * it, and the servers when the class is done.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class TerminalOnTestBed {
    final TestBed bed = new TestBed();
    /** The terminal the current test started, if any. */
    Terminal terminal;

    @AfterEach
    void stopTerminal() {
        if (terminal != null) {
            terminal.stop();
        }
    }

    @AfterAll
    void stopServers() {
        bed.close();
    }
}
