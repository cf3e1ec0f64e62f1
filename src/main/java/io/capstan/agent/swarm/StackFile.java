package io.capstan.agent.swarm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.capstan.agent.backend.DefinitionFiles;
import io.capstan.agent.backend.DeploymentConfigException;
import io.capstan.protocol.Names;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the agent needs from a stack file: the services in file order, the replicas each declares (so a stopped
 * service can be scaled back), and the image each builds. The file itself is read by {@code docker stack deploy};
 * only these keys are read here, through {@link DefinitionFiles} (the folder's own file, bounded).
 */
record StackFile(Path path, Map<String, Declared> services) {
    /** The names a folder may use for its stack file, in the order they are looked for. */
    static final List<String> NAMES = List.of("docker-stack.yml", "docker-stack.yaml");
    private static final ObjectMapper YAML = YAMLMapper.builder().build();

    /** One service as the file declares it: {@code replicas} null for a global service, {@code build} null without one. */
    record Declared(String name, Integer replicas, String image, Path buildContext, String dockerfile) {
    }

    static Optional<Path> find(Path folder) {
        for (String n : NAMES) {
            Path p = folder.resolve(n);
            if (Files.exists(p)) return Optional.of(p);
        }
        return Optional.empty();
    }

    static StackFile read(Path folder) throws DeploymentConfigException {
        Path path = find(folder).orElseThrow(() -> new DeploymentConfigException("no stack file in " + folder));
        String text = DefinitionFiles.read(folder, path.getFileName().toString());
        JsonNode root;
        try {
            root = YAML.readTree(text);
        } catch (Exception e) {
            throw new DeploymentConfigException(path + ": not valid YAML: " + e.getMessage().lines().findFirst().orElse(""));
        }
        JsonNode services = root == null ? null : root.get("services");
        if (services == null || !services.isObject() || services.isEmpty()) {
            throw new DeploymentConfigException(path + ": no services");
        }
        Map<String, Declared> out = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = services.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String name = e.getKey();
            if (!Names.isValid(name)) {
                throw new DeploymentConfigException(path + ": invalid service name '" + name + "': " + Names.RULE);
            }
            out.put(name, declared(folder, path, name, e.getValue()));
        }
        return new StackFile(path, out);
    }

    private static Declared declared(Path folder, Path path, String name, JsonNode s) throws DeploymentConfigException {
        JsonNode deploy = s.path("deploy");
        Integer replicas = "global".equals(deploy.path("mode").asText("replicated")) ? null : deploy.path("replicas").asInt(1);
        String image = s.path("image").isTextual() ? s.get("image").asText() : null;
        JsonNode build = s.get("build");
        if (build == null) return new Declared(name, replicas, image, null, null);
        String context = build.isTextual() ? build.asText() : build.path("context").asText(".");
        String dockerfile = build.path("dockerfile").isTextual() ? build.get("dockerfile").asText() : null;
        if (image == null) {
            throw new DeploymentConfigException(path + ": service " + name + " has a build but no image: a swarm runs "
                    + "images by name, so name the one it builds (a registry's, for more than one node)");
        }
        Path ctx = folder.resolve(context).normalize();
        if (!ctx.startsWith(folder.normalize())) {
            throw new DeploymentConfigException(path + ": service " + name + ": build context leaves the deployment folder");
        }
        return new Declared(name, replicas, image, ctx, dockerfile);
    }

    List<String> serviceNames() {
        return new ArrayList<>(services.keySet());
    }
}
