package io.capstan.agent.process;

import io.capstan.agent.backend.LineSink;
import io.capstan.agent.backend.RuntimeContext;
import io.capstan.protocol.LineStream;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** A runtime context that keeps every service log line and counts change notices. */
final class RecordingContext implements RuntimeContext {
    final Map<String, RecordingSink> logs = new ConcurrentHashMap<>();
    final AtomicInteger changes = new AtomicInteger();

    @Override
    public LineSink serviceLog(String service) {
        return log(service);
    }

    RecordingSink log(String service) {
        return logs.computeIfAbsent(service, s -> new RecordingSink());
    }

    @Override
    public void changed() {
        changes.incrementAndGet();
    }

    /** Thread-safe list of "stream: text" entries. */
    static final class RecordingSink implements LineSink {
        private final List<String> lines = new CopyOnWriteArrayList<>();

        @Override
        public void line(LineStream stream, String text) {
            lines.add(stream.name().toLowerCase(Locale.ROOT) + ": " + text);
        }

        /** {@code started <pid> <label>} and {@code ended <pid>}, in order. */
        final List<String> processes = new CopyOnWriteArrayList<>();

        @Override
        public void processStarted(ProcessHandle process, String label) {
            processes.add("started " + process.pid() + " " + label);
        }

        @Override
        public void processEnded(ProcessHandle process) {
            processes.add("ended " + process.pid());
        }

        List<String> lines() {
            return List.copyOf(lines);
        }

        boolean has(String fragment) {
            return lines.stream().anyMatch(l -> l.contains(fragment));
        }
    }
}
