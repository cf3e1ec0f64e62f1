package io.capstan.agent.events;

import io.capstan.agent.logs.SeqLog;
import io.capstan.protocol.Messages;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.function.LongFunction;

/**
 * The agent's event sequence: a random epoch per start, seq +1 per event, the last {@code retain} events kept for
 * resumption. The same numbered log as job output ({@link SeqLog}), so readers pull by seq and wait the same way; a
 * reader resuming behind what is kept is told so in its {@code hello} and refetches (docs/protocol.md, "Events").
 */
public final class EventHub extends SeqLog<Messages.AgentEvent> {

    private final String epoch;

    public EventHub(int retain) {
        super(0, retain, Long.MAX_VALUE, e -> 0, null, null);
        byte[] b = new byte[8];
        new SecureRandom().nextBytes(b);
        this.epoch = HexFormat.of().formatHex(b);
    }

    public String epoch() {
        return epoch;
    }

    /** Publishes an event made with its own seq; nothing once the hub is closed. */
    public void publish(LongFunction<Messages.AgentEvent> event) {
        append(seq -> List.of(event.apply(seq)));
    }
}
