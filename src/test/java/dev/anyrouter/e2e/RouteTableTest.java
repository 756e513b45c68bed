package dev.anyrouter.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.anyrouter.app.Gateway;
import dev.anyrouter.config.SettingsLoader;
import dev.anyrouter.http.Access;
import dev.anyrouter.http.ApiRoute;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The route table is the contract: every {@code /api/v1} route the gateway serves is a row of the
 * README's API table, with the very callers its mounting declares, and every row is a route.
 */
class RouteTableTest {
    private static final Pattern ROW = Pattern.compile("^\\| `(GET|POST|PUT|PATCH|DELETE) (/api/v1/[^`\\s]*)` \\| ([^|]+) \\|");

    @TempDir
    Path dataDir;

    @Test
    void theReadmesApiTableListsEveryRouteWithWhoMayCallIt() throws IOException {
        Map<String, String> documented = readmeTable(Path.of("README.md"));
        List<ApiRoute> served;
        try (Gateway gateway = Gateway.start(SettingsLoader.load(Map.of("port", "0", "data", dataDir.toString()), Map.of()), Map.of())) {
            served = gateway.apiRoutes();
        }
        assertThat(served).isNotEmpty();

        List<String> problems = new ArrayList<>();
        Map<String, ApiRoute> byName = new LinkedHashMap<>();
        for (ApiRoute route : served) {
            String name = route.method() + " " + route.documentedPath();
            byName.put(name, route);
            if (route.access() == null) {
                problems.add(name + " declares no callers: mount it with guard.require(router." + route.method().toLowerCase()
                        + "(\"" + route.path() + "\"), Access.…) (or Guard.declare for an endpoint that authenticates in its own"
                        + " pipeline), then give it a row in README.md's API table");
                continue;
            }
            String who = documented.get(name);
            if (who == null) {
                problems.add(name + " is served but missing from README.md's API table: add the row"
                        + " | `" + name + "` | " + route.access().who() + " | <what it does> |");
            } else if (!who.equals(route.access().who())) {
                problems.add(name + ": README.md says '" + who + "' may call it, its mounting says '" + route.access().who()
                        + "' (Access." + route.access() + "): make them agree");
            }
        }
        for (String name : documented.keySet()) {
            if (!byName.containsKey(name)) {
                problems.add(name + " is in README.md's API table but no such route is served: remove the row or fix its method and path");
            }
        }
        assertThat(problems).as("README.md's API table against the router").isEmpty();
    }

    @Test
    void aRowIsReadAsMethodPathAndCallers() {
        Matcher row = ROW.matcher("| `PATCH /api/v1/byok/{id}` | management key, session | changes a key |");
        assertThat(row.find()).isTrue();
        assertThat(row.group(1) + " " + row.group(2)).isEqualTo("PATCH /api/v1/byok/{id}");
        assertThat(row.group(3).strip()).isEqualTo(Access.MANAGEMENT.who());
        assertThat(new ApiRoute("PATCH", "/api/v1/byok/:id", Access.MANAGEMENT).documentedPath()).isEqualTo("/api/v1/byok/{id}");
    }

    /** {@code METHOD path} → the "who may call it" column, for every row of the README's API table. */
    static Map<String, String> readmeTable(Path readme) throws IOException {
        Map<String, String> rows = new LinkedHashMap<>();
        for (String line : Files.readAllLines(readme)) {
            Matcher row = ROW.matcher(line);
            if (!row.find()) continue;
            String name = row.group(1) + " " + row.group(2);
            if (rows.put(name, row.group(3).strip()) != null) throw new AssertionError(name + " has two rows in README.md's API table");
        }
        if (rows.size() < 10) throw new AssertionError("README.md's API table was not found (rows like | `GET /api/v1/models` | who | what |)");
        return rows;
    }
}
