package io.capstan.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import okhttp3.MediaType;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okhttp3.sse.EventSource;
import okhttp3.sse.EventSourceListener;
import okhttp3.sse.EventSources;
import org.junit.jupiter.api.Test;

/**
 * The framing rules the client's exactly-once resume relies on, held for okhttp-sse's reader, which frames the events
 * under {@link ReconnectingStream} (decision record 61), with string fixtures: an event cut by the end of the stream is
 * never dispatched (so a batch cut by a dropped connection never counts), fields split into lines however they end.
 */
class SseFramingTest {

    /** What the reader made of {@code body}: events as {@code id|type|data}, then {@code closed} or {@code failed}. */
    private static List<String> read(String body) {
        List<String> out = new ArrayList<>();
        Response response = new Response.Builder().request(new Request.Builder().url("http://127.0.0.1/").build())
                .protocol(Protocol.HTTP_1_1).code(200).message("OK")
                .body(ResponseBody.create(body.getBytes(StandardCharsets.UTF_8), MediaType.get("text/event-stream")))
                .build();
        EventSources.processResponse(response, new EventSourceListener() {
            @Override
            public void onEvent(EventSource source, String id, String type, String data) {
                out.add(id + "|" + type + "|" + data);
            }

            @Override
            public void onClosed(EventSource source) {
                out.add("closed");
            }

            @Override
            public void onFailure(EventSource source, Throwable t, Response r) {
                out.add("failed");
            }
        });
        return out;
    }

    @Test
    void aBatchsDataFieldsAreJoinedWithNewlinesAndTheIdIsKept() {
        assertThat(read(": ok\n\nevent: lines\nid: 3\ndata: {\"seq\":1}\ndata: [0,\"stdout\",\"a\"]\n\n"))
                .containsExactly("3|lines|{\"seq\":1}\n[0,\"stdout\",\"a\"]", "closed");
    }

    @Test
    void anEventCutByTheEndOfTheStreamIsNeverDispatched() {
        // The cut event is dropped and the read ends failed: ReconnectingStream retries either way, from the last id.
        assertThat(read("event: lines\nid: 3\ndata: {\"seq\":1}\n\nevent: lines\nid: 6\ndata: {\"seq\":4}\ndata: [0,"))
                .containsExactly("3|lines|{\"seq\":1}", "failed");
        assertThat(read("event: lines\nid: 6\ndata: {\"seq\":4}\n")).doesNotContain("6|lines|{\"seq\":4}");
    }

    @Test
    void crLfAndLfEndLines() {
        // A lone CR does not end a line for this reader (the agent never sends one; decision record 61).
        assertThat(read("event: gap\r\nid: 9\r\ndata: x\r\n\r\nevent: gap\nid: 10\ndata: y\n\n"))
                .containsExactly("9|gap|x", "10|gap|y", "closed");
    }

    @Test
    void escapedNewlinesInsideJsonStayInOneField() {
        assertThat(read("event: lines\nid: 1\ndata: [0,\"stdout\",\"a\\nb\\r\\u2028\u00e9\u20ac\"]\n\n"))
                .containsExactly("1|lines|[0,\"stdout\",\"a\\nb\\r\\u2028\u00e9\u20ac\"]", "closed");
    }
}
