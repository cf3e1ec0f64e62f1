package io.capstan.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/** A measuring child JVM's answer: one line {@code RESULT key=value ...} among whatever else it prints. */
final class ResultLine {

    private ResultLine() {
    }

    /**
     * Reads the child's output to its end: the pairs of its {@code RESULT} line (empty if it printed none), every other
     * line to {@code other}.
     */
    static Map<String, String> read(Process child, Consumer<String> other) throws IOException {
        Map<String, String> result = new HashMap<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                if (line.startsWith("RESULT ")) {
                    for (String pair : line.substring(7).split(" ")) {
                        int eq = pair.indexOf('=');
                        result.put(pair.substring(0, eq), pair.substring(eq + 1));
                    }
                } else {
                    other.accept(line);
                }
            }
        }
        return result;
    }
}
