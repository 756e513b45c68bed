package dev.anyrouter.routing;

import dev.anyrouter.providers.UpstreamTarget;

/** One way to serve a request: this model, on this stored key, at this upstream. */
public record Attempt(ModelRef model, ProviderKeyRecord key, UpstreamTarget target) {}
