package io.capstan.agent.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpParser;
import org.junit.jupiter.api.Test;

/**
 * {@link ConnectionGuard} judges a connection by Jetty internals (decision record 116): {@code HttpParser.isStart()}
 * and {@code inHeaderState()}, {@code HttpConnection.getMessagesIn()}. A Jetty upgrade that renames them fails the
 * build; one that changes what they mean would make the guard close streams or spare slowloris sockets without a word.
 * This test pins the meaning on Jetty's own parser, so such an upgrade fails here, loudly, naming the state.
 */
class ConnectionGuardInternalsTest {
    /** A handler that accepts everything: every boolean answer false (go on parsing), nothing recorded. */
    private static HttpParser.RequestHandler quietHandler() {
        return (HttpParser.RequestHandler) Proxy.newProxyInstance(HttpParser.RequestHandler.class.getClassLoader(),
                new Class<?>[] {HttpParser.RequestHandler.class}, (proxy, method, args) -> {
                    Class<?> r = method.getReturnType();
                    if (r == boolean.class) return false;
                    if (r == int.class) return 0;
                    if (method.getName().equals("toString")) return "quiet handler";
                    if (method.getName().equals("hashCode")) return System.identityHashCode(proxy);
                    if (method.getName().equals("equals")) return proxy == args[0];
                    return null;
                });
    }

    private static void feed(HttpParser parser, String text) {
        ByteBuffer b = ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII));
        while (b.hasRemaining()) {
            int before = b.remaining();
            parser.parseNext(b);
            if (b.remaining() == before) break;
        }
    }

    @Test
    void theParserStatesTheGuardReadsMeanWhatItAssumes() {
        HttpParser parser = new HttpParser(quietHandler());
        assertThat(parser.isStart()).as("a fresh connection: at the start of a head").isTrue();
        assertThat(parser.inHeaderState()).as("a fresh connection waits for a head").isTrue();

        feed(parser, "GET /api/v1/info HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: a");
        assertThat(parser.isStart()).as("part of a head: no longer at the start (a slowloris' state)").isFalse();
        assertThat(parser.inHeaderState()).as("part of a head is still the head").isTrue();

        feed(parser, "b\r\nContent-Length: 10\r\n\r\n");
        assertThat(parser.inHeaderState()).as("the head is complete, a body is due: a request in progress").isFalse();
    }
}
