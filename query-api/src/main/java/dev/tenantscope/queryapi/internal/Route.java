package dev.tenantscope.queryapi.internal;

import dev.tenantscope.queryapi.Role;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One endpoint: method, path template ({@code /api/v1/tenants/{tenantId}}), who may call it (empty: no
 * token needed), the query parameters it takes, and its handler.
 */
public record Route(String method, String path, Set<Role> roles, Set<String> params, Handler handler) {

    /** Handles one authenticated, parameter-checked request. */
    @FunctionalInterface
    public interface Handler {
        void handle(Request request) throws IOException;
    }

    public Route {
        roles = Set.copyOf(roles);
        params = Set.copyOf(params);
    }

    public boolean isPublic() {
        return roles.isEmpty();
    }

    List<String> segments() {
        return List.of(path.substring(1).split("/"));
    }

    /** Path variables if {@code requestSegments} match this template, else null. */
    Map<String, String> match(List<String> requestSegments) {
        List<String> template = segments();
        if (template.size() != requestSegments.size()) {
            return null;
        }
        Map<String, String> vars = new java.util.HashMap<>();
        for (int i = 0; i < template.size(); i++) {
            String t = template.get(i);
            String s = requestSegments.get(i);
            if (t.startsWith("{") && t.endsWith("}")) {
                vars.put(t.substring(1, t.length() - 1), s);
            } else if (!t.equals(s)) {
                return null;
            }
        }
        return vars;
    }
}
