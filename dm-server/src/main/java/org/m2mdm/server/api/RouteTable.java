package org.m2mdm.server.api;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Matches request paths against route templates. The most specific template wins (a literal segment beats a
 * parameter, left to right), so {@code /devices/import} is not taken for {@code /devices/{id}}; a path whose
 * best template lacks the method is a 405, a path no template matches is a 404.
 */
public final class RouteTable {
    private final List<Route> routes;
    private final Map<String, Map<String, Route>> byTemplate = new LinkedHashMap<>();

    public RouteTable(List<Route> routes) {
        this.routes = List.copyOf(routes);
        for (Route route : this.routes) {
            Map<String, Route> methods = byTemplate.computeIfAbsent(route.template(), t -> new LinkedHashMap<>());
            if (methods.put(route.method(), route) != null) {
                throw new IllegalArgumentException("duplicate route " + route.method() + " " + route.template());
            }
        }
        Set<String> ids = new TreeSet<>();
        for (Route route : this.routes) {
            if (!ids.add(route.operationId())) {
                throw new IllegalArgumentException("duplicate operationId " + route.operationId());
            }
        }
    }

    public List<Route> routes() {
        return routes;
    }

    /** The outcome of matching one request line. */
    public sealed interface Match permits Found, MethodNotAllowed, NotFound {
    }

    public record Found(Route route, Map<String, String> pathParams) implements Match {
    }

    public record MethodNotAllowed(Set<String> allowed) implements Match {
    }

    public record NotFound() implements Match {
    }

    public Match match(String method, String path) {
        List<String> segments = split(path);
        String bestTemplate = null;
        List<String> bestSegments = null;
        for (String template : byTemplate.keySet()) {
            List<String> candidate = split(template);
            if (matches(candidate, segments)
                    && (bestSegments == null || moreSpecific(candidate, bestSegments))) {
                bestTemplate = template;
                bestSegments = candidate;
            }
        }
        if (bestTemplate == null) {
            return new NotFound();
        }
        Map<String, Route> methods = byTemplate.get(bestTemplate);
        Route route = methods.get(method);
        if (route == null && "HEAD".equals(method)) {
            route = methods.get("GET");
        }
        if (route == null) {
            return new MethodNotAllowed(Collections.unmodifiableSet(new TreeSet<>(methods.keySet())));
        }
        Map<String, String> params = new LinkedHashMap<>();
        for (int i = 0; i < bestSegments.size(); i++) {
            String seg = bestSegments.get(i);
            if (Route.isParam(seg)) {
                params.put(seg.substring(1, seg.length() - 1), segments.get(i));
            }
        }
        return new Found(route, params);
    }

    public Optional<Route> find(String method, String template) {
        return Optional.ofNullable(byTemplate.getOrDefault(template, Map.of()).get(method));
    }

    private static boolean matches(List<String> template, List<String> path) {
        if (template.size() != path.size()) {
            return false;
        }
        for (int i = 0; i < template.size(); i++) {
            String t = template.get(i);
            if (!Route.isParam(t) && !t.equals(path.get(i))) {
                return false;
            }
            if (Route.isParam(t) && path.get(i).isEmpty()) {
                return false;
            }
        }
        return true;
    }

    private static boolean moreSpecific(List<String> a, List<String> b) {
        for (int i = 0; i < a.size(); i++) {
            boolean aLiteral = !Route.isParam(a.get(i));
            boolean bLiteral = !Route.isParam(b.get(i));
            if (aLiteral != bLiteral) {
                return aLiteral;
            }
        }
        return false;
    }

    static List<String> split(String path) {
        List<String> out = new ArrayList<>();
        String p = path;
        if (p.endsWith("/") && p.length() > 1) {
            p = p.substring(0, p.length() - 1);
        }
        for (String s : p.split("/", -1)) {
            out.add(s);
        }
        return out;
    }
}
