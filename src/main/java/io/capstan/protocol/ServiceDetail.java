package io.capstan.protocol;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * What a service's detail view shows beyond its row: how it is run (command, working folder, environment, where it
 * is defined), what it is now (pid or container, listening ports, start time) and how it last ended. Any field may
 * be null where the backend does not know it. {@code env} holds the definition's own variables (not the agent's
 * inherited environment), each marked {@code secret} when its name looks like one, for a client to mask until the
 * user asks; the agent sends the value to a client holding its token, which may run anything on it anyway.
 */
public record ServiceDetail(String deployment, String service, List<String> command, String workdir, List<EnvVar> env,
                            List<Integer> ports, String definitionFile, Integer definitionLine, Long pid, String container,
                            Instant startedAt, Integer lastExitCode, String lastExit, String healthCheck,
                            String lastHealthCheck, String restartPolicy) {

    /** One variable of the definition's environment. */
    public record EnvVar(String name, String value, boolean secret) {

        private static final Pattern SECRET = Pattern.compile(
                ".*(PASS|SECRET|TOKEN|KEY|CREDENTIAL|PRIVATE|AUTH|COOKIE|SESSION|CERT|SALT|DSN).*");

        /** True for names like {@code DB_PASSWORD}, {@code API_KEY}, {@code GITHUB_TOKEN}, {@code SESSION_SECRET}. */
        public static boolean looksSecret(String name) {
            return SECRET.matcher(name.toUpperCase(Locale.ROOT)).matches();
        }

        public static EnvVar of(String name, String value) {
            return new EnvVar(name, value, looksSecret(name));
        }
    }

    public ServiceDetail {
        command = command == null ? List.of() : List.copyOf(command);
        env = env == null ? List.of() : List.copyOf(env);
        ports = ports == null ? List.of() : List.copyOf(ports);
    }
}
