package io.capstan.demo;

import java.util.Map;

/**
 * A pretend build for the demo deployments: Docker-like steps with compiler-ish output, a few seconds long.
 * Arguments: {@code --steps 9}, {@code --step-millis 300}, {@code --fail-at 4} (exit 2 at that step),
 * {@code --lines 3} (output lines per step).
 */
public final class DemoBuild {
    private static final String[] COMMANDS = {
        "FROM eclipse-temurin:17-jre", "WORKDIR /app", "COPY pom.xml .", "RUN make deps", "COPY src ./src",
        "RUN make", "RUN make test", "COPY config ./config", "EXPOSE 8080", "CMD [\"./server\"]",
    };

    private DemoBuild() {
    }

    public static void main(String[] args) throws InterruptedException {
        Map<String, String> opts = DemoService.options(args);
        int steps = Integer.parseInt(opts.getOrDefault("steps", "9"));
        long stepMillis = Long.parseLong(opts.getOrDefault("step-millis", "300"));
        int failAt = Integer.parseInt(opts.getOrDefault("fail-at", "0"));
        int lines = Integer.parseInt(opts.getOrDefault("lines", "3"));
        for (int step = 1; step <= steps; step++) {
            System.out.println("Step " + step + "/" + steps + " : " + COMMANDS[(step - 1) % COMMANDS.length]);
            for (int i = 1; i <= lines; i++) {
                System.out.println("  cc -O2 -c src/module" + step + "_" + i + ".c -o build/module" + step + "_" + i + ".o");
                Thread.sleep(Math.max(0, stepMillis / Math.max(lines, 1)));
            }
            if (step == failAt) {
                System.err.println("src/module" + step + "_1.c:42:7: error: 'cart_total' undeclared (first use in this function)");
                System.err.println("make: *** [Makefile:12: build/module" + step + "_1.o] Error 1");
                System.exit(2);
            }
            System.out.println(" ---> " + Long.toHexString(Double.doubleToLongBits(Math.random())).substring(0, 12));
        }
        System.out.println("Successfully built " + Long.toHexString(System.nanoTime()));
    }
}
