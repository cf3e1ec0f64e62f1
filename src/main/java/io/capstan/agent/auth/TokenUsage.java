package io.capstan.agent.auth;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * When each token was last used, for {@code capstan agent token list}: kept to the minute in {@code tokens-used.json},
 * which only the agent writes (never {@code tokens.json}, which the command line edits: a write of ours could undo a
 * revoke). A token's time is written on its first use and then at most once a minute, so a busy client costs one small
 * write a minute, not one per request.
 */
final class TokenUsage {
    private static final Logger LOG = LoggerFactory.getLogger(TokenUsage.class);
    private static final Duration PRECISION = Duration.ofMinutes(1);

    private final TokenFile file;
    private final Clock clock;
    private final Map<String, Instant> written = new HashMap<>();
    private final Map<String, Instant> latest = new HashMap<>();
    private boolean failed;

    TokenUsage(TokenFile file, Clock clock) {
        this.file = file;
        this.clock = clock;
        written.putAll(file.lastUsed());
    }

    synchronized void touched(String name) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        latest.put(name, now);
        Instant before = written.get(name);
        if (before != null && Duration.between(before, now).compareTo(PRECISION) < 0) return;
        written.put(name, now);
        write();
    }

    synchronized void flush() {
        boolean newer = false;
        for (Map.Entry<String, Instant> e : latest.entrySet()) {
            Instant w = written.get(e.getKey());
            if (w == null || e.getValue().isAfter(w)) {
                written.put(e.getKey(), e.getValue());
                newer = true;
            }
        }
        if (newer) write();
    }

    private void write() {
        try {
            file.writeLastUsed(written);
            failed = false;
        } catch (IOException | RuntimeException e) {
            // A full disk must not refuse requests: the times are a convenience. Said once until a write works again.
            if (!failed) LOG.warn("could not record when tokens were last used in {}: {}", file.usedPath(), e.toString());
            failed = true;
        }
    }
}
