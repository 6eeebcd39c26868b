package org.m2mdm.server.api;

import java.util.Optional;

/** Checks a bearer token and names the tenant it was issued to (tokens are stored hashed by the store). */
@FunctionalInterface
public interface TokenVerifier {
    Optional<Caller> verify(String bearerToken);
}
