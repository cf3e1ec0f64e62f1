package io.capstan.agent.compose;

import io.capstan.protocol.Names;
import java.util.Locale;

/**
 * The Compose project name of a deployment: the deployment name with every character outside {@code [a-z0-9_-]}
 * removed. Deployment names are already {@code [a-z0-9][a-z0-9_.-]{0,62}}, so only dots go, and the result is
 * non-empty and starts with a letter or digit. It is the name Compose itself gives a project run by hand in
 * that folder (both generations normalise a folder name this way), so the agent manages the project an
 * operator already runs there instead of starting a second copy beside it. Two deployments that map to one
 * project ({@code a.b} and {@code ab}) are refused by the backend (decision record 10).
 */
final class ProjectName {
    private ProjectName() {
    }

    static String of(String deployment) {
        if (!Names.isValid(deployment)) throw new IllegalArgumentException("not a deployment name: " + deployment);
        String name = deployment.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_-]", "");
        if (name.isEmpty() || !Character.isLetterOrDigit(name.charAt(0))) {
            throw new IllegalArgumentException("no compose project name for " + deployment);
        }
        return name;
    }
}
