package io.capstan.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A service of a test deployment that runs {@code io.capstan.demo.DemoService} as a real process, written as its
 * {@code capstan.yaml} lines: {@code Demo.service("web").stopTimeout("3s").build("--steps", "40")}. For what this does
 * not say (health checks, restart policies, env), a test writes its YAML itself.
 */
public final class Demo {
    private final String name;
    private final List<String> args;
    private String stopTimeout;
    private List<String> build;
    private final List<String> more = new ArrayList<>();

    private Demo(String name, List<String> args) {
        this.name = name;
        this.args = args;
    }

    /** {@code DemoService --name NAME ARGS...} ("--rate", "30"; "--exit-after", "0"). */
    public static Demo service(String name, String... args) {
        return new Demo(name, List.of(args));
    }

    public Demo stopTimeout(String timeout) {
        this.stopTimeout = timeout;
        return this;
    }

    /** A build step, {@code DemoBuild ARGS...} ("--steps", "100", "--step-millis", "300"). */
    public Demo build(String... demoBuildArgs) {
        this.build = List.of(demoBuildArgs);
        return this;
    }

    /** Another line of the service's definition, as written: {@code "restart: on-failure"}. */
    public Demo with(String yamlLine) {
        more.add(yamlLine);
        return this;
    }

    /** The {@code capstan.yaml} of a deployment of these services (a window test's {@code app()}). */
    public static String deployment(Demo... services) {
        return "services:\n" + Stream.of(services).map(Demo::yaml).collect(Collectors.joining());
    }

    private String yaml() {
        List<String> command = new ArrayList<>(List.of("io.capstan.demo.DemoService", "--name", name));
        command.addAll(args);
        StringBuilder yaml = new StringBuilder("  " + name + ":\n    command: " + java(command) + "\n");
        if (stopTimeout != null) yaml.append("    stopTimeout: ").append(stopTimeout).append('\n');
        if (build != null) {
            List<String> step = new ArrayList<>(List.of("io.capstan.demo.DemoBuild"));
            step.addAll(build);
            yaml.append("    build:\n      - ").append(java(step)).append('\n');
        }
        more.forEach(line -> yaml.append("    ").append(line).append('\n'));
        return yaml.toString();
    }

    /** A flow sequence that runs a class of the project on the process backend's JVM and class path. */
    private static String java(List<String> classAndArgs) {
        List<String> all = new ArrayList<>(List.of("${java}", "-cp", "${classpath}"));
        all.addAll(classAndArgs);
        return all.stream().map(Demo::quoted).collect(Collectors.joining(", ", "[", "]"));
    }

    private static String quoted(String word) {
        return '"' + word.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }
}
