package dev.anyrouter.http;

/**
 * One endpoint of the gateway's API and who may call it.
 *
 * @param method the HTTP method ({@code GET})
 * @param path the path as mounted, parameters as {@code :name} ({@code /api/v1/byok/:id})
 * @param access who may call it; null for a route mounted without saying (a defect the route table test reports)
 */
public record ApiRoute(String method, String path, Access access) {
    /** The path as the README writes it, parameters as {@code {name}} ({@code /api/v1/byok/{id}}). */
    public String documentedPath() {
        return path.replaceAll(":([A-Za-z_]+)", "{$1}");
    }
}
