package org.m2mdm.client.modem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.eclipse.leshan.client.endpoint.LwM2mClientEndpointsProvider;
import org.junit.jupiter.api.Test;

class BearerEndpointsProviderTest {

    /** A delegate whose stop/destroyEndpoints fail the way Leshan 2.0.0-M15 does during observe cleanup. */
    private static LwM2mClientEndpointsProvider failingDelegate(RuntimeException failure, List<String> calls) {
        return (LwM2mClientEndpointsProvider) Proxy.newProxyInstance(LwM2mClientEndpointsProvider.class.getClassLoader(),
                new Class<?>[] { LwM2mClientEndpointsProvider.class }, (proxy, method, args) -> {
                    calls.add(method.getName());
                    if (method.getName().equals("stop") || method.getName().equals("destroyEndpoints")) {
                        throw failure;
                    }
                    return null;
                });
    }

    @Test
    void survivesLeshansObserveCleanupFailureWhenStoppingOrDestroyingTheEndpoint() {
        List<String> calls = new ArrayList<>();
        BearerEndpointsProvider provider = new BearerEndpointsProvider(failingDelegate(
                new NullPointerException("Cannot invoke \"LwM2mServer.getId()\" because \"server\" is null"), calls),
                Optional::empty);

        assertThatCode(provider::stop).doesNotThrowAnyException();
        assertThatCode(provider::destroyEndpoints).doesNotThrowAnyException();
        assertThat(calls).containsExactly("stop", "destroyEndpoints");
    }

    @Test
    void doesNotHideOtherFailures() {
        BearerEndpointsProvider provider = new BearerEndpointsProvider(
                failingDelegate(new IllegalStateException("socket"), new ArrayList<>()), Optional::empty);

        assertThatThrownBy(provider::stop).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(provider::destroyEndpoints).isInstanceOf(IllegalStateException.class);
    }
}
