package io.capstan.agent.http;

import io.capstan.agent.Engine;
import io.capstan.agent.backend.DeploymentRuntime;
import io.capstan.agent.resources.ResourceSampler;
import io.capstan.protocol.ErrorCode;
import io.capstan.protocol.Messages;
import io.capstan.protocol.TargetName;
import io.capstan.protocol.Timestamps;
import io.javalin.http.Context;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * The resource series (docs/protocol.md, "Resources"): one service's samples, or every service's of a deployment in
 * one answer, each after an optional {@code since} so a client polling once an interval gets only what is new.
 */
final class ResourceRoutes {
    private final Engine engine;

    ResourceRoutes(Engine engine) {
        this.engine = engine;
    }

    void service(Context ctx, String deployment, String service, DeploymentRuntime rt) {
        if (!rt.serviceNames().contains(service)) {
            throw new ApiException(ErrorCode.NOT_FOUND, "no service " + TargetName.of(deployment, service).label());
        }
        Instant since = since(ctx);
        ResourceSampler sampler = engine.resources();
        Responses.json(ctx, 200, new Messages.ResourceSeries(deployment, service, sampler.interval().toMillis(),
                sampler.series(deployment, service, since)));
    }

    void deployment(Context ctx, String deployment, DeploymentRuntime rt) {
        Instant since = since(ctx);
        ResourceSampler sampler = engine.resources();
        long interval = sampler.interval().toMillis();
        List<Messages.ResourceSeries> all = new ArrayList<>();
        for (String s : rt.serviceNames()) {
            all.add(new Messages.ResourceSeries(deployment, s, interval, sampler.series(deployment, s, since)));
        }
        Responses.json(ctx, 200, new Messages.DeploymentResources(deployment, interval, all));
    }

    /** {@code ?since=} as an ISO-8601 instant (exclusive), or null when absent; anything else is 400. */
    private static Instant since(Context ctx) {
        String v = Cursors.single(ctx, "since");
        if (v == null || v.isBlank()) return null;
        try {
            return Timestamps.millis(Instant.parse(v));
        } catch (DateTimeParseException e) {
            throw new ApiException(ErrorCode.BAD_REQUEST, "since must be an ISO-8601 instant such as 2026-11-23T10:15:30.123Z");
        }
    }
}
