package io.capstan.agent.swarm;

import io.capstan.agent.backend.ActionFailedException;
import io.capstan.agent.backend.LineSink;
import java.util.List;

/** Where a rebuilt image goes: to the registry its name points at, and then the services run it by digest. */
final class Images {
    private Images() {
    }

    /** The registry part of an image reference, or null for Docker Hub's implicit one ({@code busybox}, {@code me/app}). */
    static String registry(String image) {
        int slash = image.indexOf('/');
        if (slash < 0) return null;
        String first = image.substring(0, slash);
        return first.contains(".") || first.contains(":") || first.equals("localhost") ? first : null;
    }

    /** {@code host:5000/app} for {@code host:5000/app:tag} or {@code host:5000/app@sha256:...}. */
    static String repository(String image) {
        int at = image.indexOf('@');
        String s = at >= 0 ? image.substring(0, at) : image;
        int colon = s.lastIndexOf(':');
        return colon > s.lastIndexOf('/') ? s.substring(0, colon) : s;
    }

    /**
     * Pushes {@code image} when its name has a registry and returns {@code repository@digest}; without a registry
     * loads it on every other node and returns its image ID. Either way every node runs exactly the image just built.
     */
    static String pushAndPin(SwarmDeployment d, SwarmEngine engine, String image, LineSink out)
            throws ActionFailedException, InterruptedException {
        if (registry(image) == null) return NodeImages.copyEverywhere(d, engine, image, out);
        d.run(List.of("push", image), out);
        String repo = repository(image);
        String digests = d.capture(List.of("image", "inspect", "--format", "{{range .RepoDigests}}{{println .}}{{end}}", image));
        for (String line : digests.lines().map(String::strip).toList()) {
            if (line.startsWith(repo + "@")) {
                out.system("pushed " + line);
                return line;
            }
        }
        throw new ActionFailedException("the registry gave no digest for " + image + " after the push", null);
    }
}
