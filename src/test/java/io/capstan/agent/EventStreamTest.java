package io.capstan.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.capstan.protocol.LineStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.Request;
import org.junit.jupiter.api.Test;

/** The agent event stream and service logs: resumption, snapshots, dropped clients (row 15). */
class EventStreamTest {

    private static Request events(Client c, String lastId) {
        Request.Builder b = c.req("/api/v1/events").header("Accept", "text/event-stream");
        if (lastId != null) b.header("Last-Event-ID", lastId);
        return b.build();
    }

    @Test
    void helloThenDeploymentAndJobEventsThenResume() {
        try (ScriptedAgent fx = ScriptedAgent.start(b -> b)) {
            Client c = fx.http;
            String epoch = fx.agent().epoch();
            List<Client.Event> seen = new ArrayList<>();
            String lastId;
            try (Client.Stream st = c.stream(events(c, null))) {
                Client.Event hello = st.next();
                assertThat(hello.type()).isEqualTo("hello");
                assertThat(hello.id()).isNull();
                assertThat(hello.json().path("epoch").asText()).isEqualTo(epoch);
                assertThat(hello.json().path("resumed").asBoolean()).isFalse();
                long start = hello.json().path("seq").asLong();
                TestRuntime rt = fx.catalog.add("shop", "web");
                Client.Event added = st.next();
                assertThat(added.type()).isEqualTo("deployment");
                seen.add(added);
                CountDownLatch release = new CountDownLatch(1);
                rt.behaviour = (a, s, out) -> release.await();
                String id = c.startJob("/api/v1/deployments/shop/jobs", "start");
                // created, started, deployment (locked) in some order; then ended, deployment (released)
                while (seen.stream().noneMatch(e -> e.type().equals("deployment")
                        && id.equals(e.json().path("deployment").path("activeJob").asText()))) {
                    seen.add(st.next());
                }
                release.countDown();
                while (seen.stream().noneMatch(e -> e.type().equals("deployment")
                        && e.json().path("deployment").path("activeJob").isNull()
                        && e.json().path("deployment").path("status").asText().equals("running"))) {
                    seen.add(st.next());
                }
                assertThat(seen).anyMatch(e -> e.type().equals("job")
                        && e.json().path("job").path("status").asText().equals("succeeded"));
                long expect = start + 1;
                for (Client.Event e : seen) {
                    assertThat(e.id()).isEqualTo(epoch + ":" + expect);
                    assertThat(e.json().path("seq").asLong()).isEqualTo(expect);
                    expect++;
                }
                lastId = seen.get(0).id();
                rt.context.changed();
                Client.Event changed = st.next();
                assertThat(changed.type()).isEqualTo("deployment");
                assertThat(changed.json().path("deployment").path("status").asText()).isEqualTo("running");
                seen.add(changed);
                fx.catalog.remove("shop");
                Client.Event removed = st.next();
                assertThat(removed.type()).isEqualTo("deployment.removed");
                assertThat(removed.json().path("name").asText()).isEqualTo("shop");
                seen.add(removed);
            }
            try (Client.Stream st = c.stream(events(c, lastId))) {
                Client.Event hello = st.next();
                assertThat(hello.json().path("resumed").asBoolean()).isTrue();
                for (Client.Event e : seen.subList(1, seen.size())) assertThat(st.next().id()).isEqualTo(e.id());
            }
            try (Client.Stream st = c.stream(events(c, "another-epoch:3"))) {
                assertThat(st.next().json().path("resumed").asBoolean()).isFalse();
            }
            long seq = c.get("/api/v1/info").body().path("seq").asLong();
            assertThat(seq).isEqualTo(seen.get(seen.size() - 1).json().path("seq").asLong());
            assertThat(c.get("/api/v1/deployments").body().path("seq").asLong()).isEqualTo(seq);
        }
    }

    @Test
    void changedUnderTheBackendsOwnLockNeverDeadlocks() {
        try (ScriptedAgent fx = ScriptedAgent.start(b -> b)) {
            TestRuntime rt = fx.catalog.add("locky", "web");
            Object lock = new Object();
            rt.snapshotLock = lock;
            String id;
            long seqNow;
            synchronized (lock) {
                id = fx.http.startJob("/api/v1/deployments/locky/jobs", "start");
                await().until(() -> fx.agent().engine().jobs().find(id).orElseThrow().status().isTerminal());
                // Taken before the changes: their events may be published the moment the lock is let go, before
                // this thread runs again, so a count taken after the block could already include them.
                seqNow = fx.agent().engine().events().lastSeq();
                rt.context.changed();
                rt.context.changed();
            }
            try (Client.Stream st = fx.http.stream(events(fx.http, fx.agent().epoch() + ":" + 0))) {
                assertThat(st.next().json().path("resumed").asBoolean()).isTrue();
                Client.Event e;
                do {
                    e = st.next();
                } while (!(e.type().equals("deployment") && e.json().path("deployment").path("activeJob").isNull()
                        && e.json().path("seq").asLong() > seqNow));
                assertThat(e.json().path("deployment").path("status").asText()).isEqualTo("running");
            }
        }
    }

    @Test
    void resumptionBeyondRetentionIsNotResumed() {
        try (ScriptedAgent fx = ScriptedAgent.start(b -> b.eventRetention(3))) {
            TestRuntime rt = fx.catalog.add("shop", "web");
            await().until(() -> fx.agent().engine().events().lastSeq() == 1);
            for (int i = 0; i < 5; i++) {
                long before = fx.agent().engine().events().lastSeq();
                rt.context.changed();
                await().until(() -> fx.agent().engine().events().lastSeq() > before);
            }
            String epoch = fx.agent().epoch();
            try (Client.Stream st = fx.http.stream(events(fx.http, epoch + ":1"))) {
                assertThat(st.next().json().path("resumed").asBoolean()).isFalse();
            }
            try (Client.Stream st = fx.http.stream(events(fx.http, epoch + ":3"))) {
                assertThat(st.next().json().path("resumed").asBoolean()).isTrue();
                assertThat(st.next().id()).isEqualTo(epoch + ":4");
            }
        }
    }

    @Test
    void aReaderThatFallsBehindRetentionWhileStreamingIsLetGoAndItsResumeIsNotResumed() throws Exception {
        try (ScriptedAgent fx = ScriptedAgent.start(b -> b.eventRetention(3))) {
            TestRuntime rt = fx.catalog.add("shop", "web");
            await().until(() -> fx.agent().engine().events().lastSeq() == 1);
            CountDownLatch hookReached = new CountDownLatch(1);
            CountDownLatch hookRelease = new CountDownLatch(1);
            AtomicInteger calls = new AtomicInteger();
            // Holds the stream's thread just before its first wait, so the events below pile up unread.
            fx.agent().http().streamHook(() -> {
                if (calls.getAndIncrement() == 0) {
                    hookReached.countDown();
                    try {
                        hookRelease.await(30, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            });
            try (Client.Stream st = fx.http.stream(events(fx.http, null))) {
                Client.Event hello = st.next();
                assertThat(hello.json().path("seq").asLong()).isEqualTo(1);
                assertThat(hookReached.await(30, TimeUnit.SECONDS)).isTrue();
                for (int i = 0; i < 5; i++) {
                    long before = fx.agent().engine().events().lastSeq();
                    rt.context.changed();
                    await().until(() -> fx.agent().engine().events().lastSeq() > before);
                }
                hookRelease.countDown();
                // Events 2 and 3 are gone: nothing is sent that would hide them, the stream just ends.
                assertThat(st.rest()).isEmpty();
            } finally {
                fx.agent().http().streamHook(null);
            }
            try (Client.Stream st = fx.http.stream(events(fx.http, fx.agent().epoch() + ":1"))) {
                Client.Event hello = st.next();
                assertThat(hello.json().path("resumed").asBoolean()).isFalse();
                assertThat(hello.json().path("seq").asLong()).isEqualTo(6);
            }
        }
    }

    @Test
    void droppedStreamsReleaseTheirSubscriptions() {
        try (ScriptedAgent fx = ScriptedAgent.start(b -> b.pingInterval(Duration.ofMillis(50)))) {
            fx.catalog.add("shop", "web");
            String id = fx.http.startJob("/api/v1/deployments/shop/jobs", "start");
            Client c = fx.http;
            int threadsBefore = Thread.activeCount();
            for (int i = 0; i < 1000; i++) {
                String path = switch (i % 3) {
                    case 0 -> "/api/v1/events";
                    case 1 -> "/api/v1/deployments/shop/services/web/logs";
                    default -> "/api/v1/jobs/" + id + "/log";
                };
                openAndDrop(fx, path);
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> fx.agent().openStreams() == 0);
            // JVM-wide count: threads other test classes are still winding down may linger a moment, so wait for
            // the bound instead of sampling it once. The bound is unchanged.
            await().atMost(Duration.ofSeconds(30)).until(() -> Thread.activeCount() < threadsBefore + 80);
        }
    }

    /** Opens a stream on a raw socket, reads the status line and the first comment, and drops the connection. */
    private static void openAndDrop(ScriptedAgent fx, String path) {
        try (Socket s = new Socket("127.0.0.1", fx.agent().port())) {
            String req = "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + fx.agent().port() + "\r\nAuthorization: Bearer "
                    + fx.agent().token() + "\r\nAccept: text/event-stream\r\n\r\n";
            s.getOutputStream().write(req.getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
            BufferedReader r = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
            assertThat(r.readLine()).startsWith("HTTP/1.1 200");
            String line;
            while ((line = r.readLine()) != null && !line.startsWith(": ok")) {
                continue;
            }
            assertThat(line).isEqualTo(": ok");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void serviceLogStreamsWithEpochIdsAndTail() {
        try (ScriptedAgent fx = ScriptedAgent.start(b -> b)) {
            TestRuntime rt = fx.catalog.add("shop", "web");
            for (int i = 1; i <= 300; i++) rt.context.serviceLog("web").line(LineStream.STDOUT, "log " + i);
            String epoch = fx.agent().epoch();
            try (Client.Stream st = fx.http.stream("/api/v1/deployments/shop/services/web/logs")) {
                Client.Event first = st.next();
                assertThat(first.id()).isEqualTo(epoch + ":101");
                assertThat(first.json().path("text").asText()).isEqualTo("log 101");
            }
            try (Client.Stream st = fx.http.stream("/api/v1/deployments/shop/services/web/logs?tail=2")) {
                assertThat(st.next().json().path("text").asText()).isEqualTo("log 299");
                assertThat(st.next().json().path("text").asText()).isEqualTo("log 300");
                rt.context.serviceLog("web").system("exited 0");
                Client.Event live = st.next();
                assertThat(live.id()).isEqualTo(epoch + ":301");
                assertThat(live.json().path("stream").asText()).isEqualTo("system");
            }
            Request resume = fx.http.req("/api/v1/deployments/shop/services/web/logs")
                    .header("Accept", "text/event-stream").header("Last-Event-ID", epoch + ":299").build();
            try (Client.Stream st = fx.http.stream(resume)) {
                assertThat(st.next().id()).isEqualTo(epoch + ":300");
            }
            JsonNode dep = fx.http.get("/api/v1/deployments").body().path("deployments").get(0);
            assertThat(dep.path("name").asText()).isEqualTo("shop");
            assertThat(dep.path("backend").asText()).isEqualTo("process");
        }
    }
}
