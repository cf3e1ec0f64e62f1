package io.capstan.agent.process;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.capstan.agent.backend.DefinitionFiles;
import io.capstan.agent.backend.DeploymentConfigException;
import io.capstan.protocol.Names;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The typed form of a deployment's {@code capstan.yaml}, validated before anything is started.
 *
 * <pre>{@code
 * services:
 *   web:
 *     command: ["${java}", "-cp", "${classpath}", "io.capstan.demo.DemoService", "--name", "web"]
 *     workdir: .            # relative to the deployment folder; default the folder
 *     env: {PORT: "8080"}   # added to the agent's environment
 *     build:                # optional argument vectors run in order by rebuild
 *       - ["${java}", "-cp", "${classpath}", "io.capstan.demo.DemoBuild", "--steps", "9"]
 *     stopTimeout: 10s      # SIGTERM to the process tree, SIGKILL after this (ms, s, m; default 10s)
 *     order: 1              # start order (ties by name); stop goes in reverse
 *     autostart: true       # started when the agent starts (default false)
 *     health:               # optional, one of http / tcp / command (see HealthCheck)
 *       http: "http://127.0.0.1:${port.web}/health"
 *       interval: 2s
 *     restart: {policy: on-failure, backoff: 1s, maxBackoff: 30s, limit: 5}   # see RestartPolicy
 * }</pre>
 *
 * {@code ${port.NAME}} is a free loopback port the agent picks when it reads the file, the same for every use of that
 * name in it: a service and its health check agree on it, and two agents on one host never collide.
 *
 * Commands are argument vectors, never shell strings. {@code ${java}} is the running JVM's java executable and
 * {@code ${classpath}} the agent's own class path (absolute), so demo deployments need only a Java runtime.
 */
public record ProcessSpec(List<ServiceSpec> services) {
    public static final String FILE_NAME = "capstan.yaml";
    static final Duration DEFAULT_STOP_TIMEOUT = Duration.ofSeconds(10);

    private static final ObjectMapper YAML = YAMLMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .disable(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
            .build();
    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m)");
    private static final Pattern PORT = Pattern.compile("\\$\\{port\\.([a-z0-9_-]{1,63})}");

    /** One service, placeholders resolved, workdir absolute. */
    public record ServiceSpec(String name, List<String> command, Path workdir, Map<String, String> env,
                              List<List<String>> build, Duration stopTimeout, int order, boolean autostart,
                              HealthCheck health, RestartPolicy restart, int line) {
    }

    /** The file as written; nulls are defaults. */
    record FileModel(Map<String, ServiceModel> services) {
    }

    record ServiceModel(List<String> command, String workdir, Map<String, String> env, List<List<String>> build,
                        String stopTimeout, Integer order, Boolean autostart, SupervisionSpecs.HealthModel health,
                        SupervisionSpecs.RestartModel restart) {
    }

    /** Reads and validates {@code folder/capstan.yaml}. */
    public static ProcessSpec load(Path folder, Map<String, String> placeholders) throws DeploymentConfigException {
        return parse(folder.resolve(FILE_NAME), folder, DefinitionFiles.read(folder, FILE_NAME), placeholders);
    }

    static ProcessSpec parse(Path file, Path folder, String text, Map<String, String> placeholders)
            throws DeploymentConfigException {
        FileModel model;
        try {
            model = text.isBlank() ? null : YAML.readValue(text, FileModel.class);
        } catch (JsonProcessingException e) {
            throw new DeploymentConfigException(file + ": " + describe(e, text), e);
        }
        if (model == null || model.services() == null || model.services().isEmpty()) {
            throw new DeploymentConfigException(file + ": no services: add a 'services:' map with at least one service");
        }
        List<ServiceSpec> services = new ArrayList<>();
        Map<String, String> resolved = withPorts(text, placeholders);
        for (Map.Entry<String, ServiceModel> e : model.services().entrySet()) {
            services.add(service(file, folder, e.getKey(), e.getValue(), resolved, serviceLine(text, e.getKey())));
        }
        services.sort(Comparator.comparingInt(ServiceSpec::order).thenComparing(ServiceSpec::name));
        return new ProcessSpec(List.copyOf(services));
    }

    private static ServiceSpec service(Path file, Path folder, String name, ServiceModel m, Map<String, String> placeholders,
                                       int line) throws DeploymentConfigException {
        String where = file + ": service '" + name + "'";
        if (!Names.isValid(name)) {
            throw new DeploymentConfigException(file + ": invalid service name '" + name + "': " + Names.RULE);
        }
        if (m == null) throw new DeploymentConfigException(where + ": has no settings; it needs at least 'command'");
        List<String> command = argv(where + ": command", m.command(), placeholders);
        List<List<String>> build = new ArrayList<>();
        if (m.build() != null) {
            for (int i = 0; i < m.build().size(); i++) {
                build.add(argv(where + ": build step " + (i + 1), m.build().get(i), placeholders));
            }
        }
        Path workdir = folder.toAbsolutePath().normalize();
        if (m.workdir() != null) workdir = workdir.resolve(m.workdir()).normalize();
        Map<String, String> env = new LinkedHashMap<>();
        if (m.env() != null) {
            for (Map.Entry<String, String> e : m.env().entrySet()) {
                if (e.getKey() == null || e.getKey().isEmpty() || e.getValue() == null) {
                    throw new DeploymentConfigException(where + ": env entries need a name and a string value");
                }
                env.put(e.getKey(), substitute(e.getValue(), placeholders));
            }
        }
        Duration stopTimeout = m.stopTimeout() == null ? DEFAULT_STOP_TIMEOUT
                : duration(where + ": stopTimeout", m.stopTimeout());
        int order = m.order() == null ? 0 : m.order();
        HealthCheck health = m.health() == null ? null : SupervisionSpecs.health(where + ": health", m.health(), placeholders);
        RestartPolicy restart = m.restart() == null ? RestartPolicy.NONE
                : SupervisionSpecs.restart(where + ": restart", m.restart());
        return new ServiceSpec(name, command, workdir, Map.copyOf(env), List.copyOf(build), stopTimeout, order,
                Boolean.TRUE.equals(m.autostart()), health, restart, line);
    }

    static List<String> argv(String where, List<String> args, Map<String, String> placeholders)
            throws DeploymentConfigException {
        if (args == null || args.isEmpty()) {
            throw new DeploymentConfigException(where
                    + " is missing or empty: give a list of arguments, e.g. [\"./server\", \"--port\", \"8080\"]");
        }
        List<String> out = new ArrayList<>();
        for (String a : args) {
            if (a == null) throw new DeploymentConfigException(where + ": arguments must be strings, not null");
            out.add(substitute(a, placeholders));
        }
        if (out.get(0).isBlank()) throw new DeploymentConfigException(where + ": the program (first argument) is empty");
        return List.copyOf(out);
    }

    /**
     * The placeholders plus one free loopback port for each {@code ${port.NAME}} the text uses. Picked by binding port 0
     * and letting it go: another program may take it before the service binds it, which the service's start then
     * reports like any port in use; it spares the demo and tests fixed ports that parallel agents would fight over.
     */
    static Map<String, String> withPorts(String text, Map<String, String> placeholders) throws DeploymentConfigException {
        Map<String, String> out = new LinkedHashMap<>(placeholders);
        Matcher m = PORT.matcher(text);
        while (m.find()) {
            String key = "port." + m.group(1);
            if (out.containsKey(key)) continue;
            try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
                out.put(key, Integer.toString(s.getLocalPort()));
            } catch (java.io.IOException e) {
                throw new DeploymentConfigException("no free loopback port for ${" + key + "}: " + e.getMessage(), e);
            }
        }
        return out;
    }

    /** The line of {@code name:} under {@code services:}, for the detail view ("capstan.yaml:12"); 0 when not found. */
    static int serviceLine(String text, String name) {
        String[] lines = text.split("\n", -1);
        boolean inServices = false;
        int indent = -1;
        for (int i = 0; i < lines.length; i++) {
            String l = lines[i];
            String t = l.strip();
            if (t.isEmpty() || t.startsWith("#")) continue;
            int at = l.indexOf(t);
            if (at == 0) {
                inServices = t.startsWith("services:");
                continue;
            }
            if (!inServices) continue;
            if (indent < 0) indent = at;
            if (at == indent && (t.startsWith(name + ":") || t.startsWith("\"" + name + "\":") || t.startsWith("'" + name + "':"))) {
                return i + 1;
            }
        }
        return 0;
    }

    static String substitute(String value, Map<String, String> placeholders) {
        String result = value;
        for (Map.Entry<String, String> p : placeholders.entrySet()) {
            result = result.replace("${" + p.getKey() + "}", p.getValue());
        }
        return result;
    }

    /** {@code where} names the key: "web.yaml: service 'web': stopTimeout". */
    static Duration duration(String where, String text) throws DeploymentConfigException {
        Matcher m = DURATION.matcher(text.trim());
        if (!m.matches()) {
            throw new DeploymentConfigException(where + " '" + text + "' is not a duration: write e.g. 500ms, 10s or 1m");
        }
        long n = Long.parseLong(m.group(1));
        switch (m.group(2)) {
            case "ms": return Duration.ofMillis(n);
            case "m": return Duration.ofMinutes(n);
            default: return Duration.ofSeconds(n);
        }
    }

    /** Turns Jackson's message into one an operator can act on: the line, the field, what was expected. */
    private static String describe(JsonProcessingException e, String text) {
        JsonLocation loc = e.getLocation();
        int lineNr = loc == null ? -1 : loc.getLineNr();
        if (e instanceof JsonMappingException m) {
            // Jackson reports where its parser has got to (often the line after); the key itself is more useful.
            int found = lineOf(text, m.getPath());
            if (found > 0) lineNr = found;
        }
        String line = lineNr < 0 ? "" : "line " + lineNr + ": ";
        if (e instanceof UnrecognizedPropertyException u) {
            String known = u.getKnownPropertyIds() == null ? "" : " (known: " + u.getKnownPropertyIds().stream()
                    .map(String::valueOf).sorted().collect(Collectors.joining(", ")) + ")";
            return line + "unknown key '" + u.getPropertyName() + "' at " + path(u) + known;
        }
        if (e instanceof MismatchedInputException m) {
            String p = path(m);
            if (p.endsWith(".command") || p.matches(".*\\.build(\\[\\d+])?")) {
                return line + p + " must be a list of arguments (an argument vector), e.g. [\"./server\", \"--port\", \"8080\"];"
                        + " shell command strings are not accepted";
            }
            return line + "wrong type at " + p + ": " + firstLine(e.getOriginalMessage());
        }
        if (e instanceof JsonMappingException m) {
            return line + "at " + path(m) + ": " + firstLine(e.getOriginalMessage());
        }
        return line + "not valid YAML: " + firstLine(e.getOriginalMessage());
    }

    /** The line of the last key of {@code path}, found by walking the keys down the text; -1 when not found. */
    static int lineOf(String text, List<JsonMappingException.Reference> path) {
        List<String> keys = path.stream().map(JsonMappingException.Reference::getFieldName).filter(k -> k != null).toList();
        if (keys.isEmpty()) return -1;
        String[] lines = text.split("\n", -1);
        int k = 0;
        for (int i = 0; i < lines.length; i++) {
            String l = lines[i].strip();
            if (l.startsWith("- ")) l = l.substring(2).strip();
            String key = keys.get(k);
            if (l.startsWith(key + ":") || l.startsWith("\"" + key + "\":") || l.startsWith("'" + key + "':")) {
                if (++k == keys.size()) return i + 1;
            }
        }
        return -1;
    }

    private static String path(JsonMappingException e) {
        StringBuilder b = new StringBuilder();
        for (JsonMappingException.Reference r : e.getPath()) {
            if (r.getFieldName() != null) {
                if (b.length() > 0) b.append('.');
                b.append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                b.append('[').append(r.getIndex()).append(']');
            }
        }
        return b.length() == 0 ? "top level" : b.toString();
    }

    private static String firstLine(String s) {
        if (s == null) return "";
        int i = s.indexOf('\n');
        return i < 0 ? s : s.substring(0, i);
    }
}
