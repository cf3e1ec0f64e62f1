package io.capstan.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.capstan.protocol.Action;
import io.capstan.protocol.ErrorCode;
import io.capstan.protocol.Job;
import io.capstan.protocol.JobStatus;
import io.capstan.protocol.Messages;
import java.net.ServerSocket;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Typed calls and typed failures against scripted answers. */
class AgentClientTest {
    private static final String JOB = "{\"id\":\"j-1\",\"deployment\":\"shop\",\"service\":null,\"action\":\"restart\","
            + "\"status\":\"queued\",\"createdAt\":\"2026-11-23T10:15:30.123Z\",\"lines\":0,\"droppedLines\":0}";

    private MockWebServer server;
    private AgentClient client;

    @BeforeEach
    void start() throws Exception {
        server = new MockWebServer();
        server.start(0);
        client = new AgentClient(new AgentEndpoint("test", server.url("/").toString(), "s3cret"));
    }

    @AfterEach
    void stop() {
        client.close();
        server.close();
    }

    private static MockResponse json(int code, String body) {
        return new MockResponse.Builder().code(code).setHeader("Content-Type", "application/json; charset=utf-8").body(body).build();
    }

    @Test
    void sendsTheBearerTokenAndReadsTheList() throws Exception {
        server.enqueue(json(200, "{\"seq\":7,\"deployments\":[{\"name\":\"shop\",\"backend\":\"process\","
                + "\"status\":\"partial\",\"services\":[],\"surprise\":1}]}"));
        Messages.DeploymentList list = client.deployments();
        assertThat(list.seq()).isEqualTo(7);
        assertThat(list.deployments()).extracting(d -> d.name()).containsExactly("shop");
        RecordedRequest r = server.takeRequest(5, TimeUnit.SECONDS);
        assertThat(r.getHeaders().get("Authorization")).isEqualTo("Bearer s3cret");
        assertThat(r.getUrl().encodedPath()).isEqualTo("/api/v1/deployments");
    }

    @Test
    void startsAServiceJobWithTheActionInTheBody() throws Exception {
        server.enqueue(json(202, "{\"job\":" + JOB + "}"));
        Job job = client.startServiceJob("shop", "web", Action.RESTART);
        assertThat(job.id()).isEqualTo("j-1");
        assertThat(job.status()).isEqualTo(JobStatus.QUEUED);
        RecordedRequest r = server.takeRequest(5, TimeUnit.SECONDS);
        assertThat(r.getMethod()).isEqualTo("POST");
        assertThat(r.getUrl().encodedPath()).isEqualTo("/api/v1/deployments/shop/services/web/jobs");
        assertThat(r.getBody().utf8()).isEqualTo("{\"action\":\"restart\"}");
    }

    @Test
    void jobsListSendsItsFilters() throws Exception {
        server.enqueue(json(200, "{\"jobs\":[" + JOB + "]}"));
        assertThat(client.jobs("shop", "web", 5)).hasSize(1);
        RecordedRequest r = server.takeRequest(5, TimeUnit.SECONDS);
        assertThat(r.getUrl().queryParameter("deployment")).isEqualTo("shop");
        assertThat(r.getUrl().queryParameter("service")).isEqualTo("web");
        assertThat(r.getUrl().queryParameter("limit")).isEqualTo("5");
    }

    @Test
    void logPageAndCancelAndInfo() throws Exception {
        server.enqueue(json(200, "{\"lines\":[{\"seq\":3,\"ts\":\"2026-11-23T10:15:30.123Z\",\"stream\":\"stdout\","
                + "\"text\":\"hi\"}],\"next\":3,\"done\":false}"));
        server.enqueue(json(202, "{\"job\":" + JOB + "}"));
        server.enqueue(json(200, "{\"agent\":{\"id\":\"a\",\"name\":\"n\",\"version\":\"1\",\"epoch\":\"e\"},\"seq\":4}"));
        assertThat(client.log("j-1", 2, 10).lines()).extracting(l -> l.text()).containsExactly("hi");
        assertThat(server.takeRequest(5, TimeUnit.SECONDS).getUrl().queryParameter("after")).isEqualTo("2");
        assertThat(client.cancel("j-1").id()).isEqualTo("j-1");
        assertThat(server.takeRequest(5, TimeUnit.SECONDS).getUrl().encodedPath()).isEqualTo("/api/v1/jobs/j-1/cancel");
        Messages.Info info = client.info();
        assertThat(info.seq()).isEqualTo(4);
        assertThat(info.streams()).as("an older agent sends no stream counts").isNull();
    }

    @Test
    void unsupportedMediaTypeIsTyped() {
        server.enqueue(json(415,
                "{\"error\":{\"code\":\"unsupported_media_type\",\"message\":\"Content-Type must be application/json\"}}"));
        assertThatThrownBy(() -> client.startDeploymentJob("shop", Action.START)).isInstanceOfSatisfying(AgentException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.UNSUPPORTED_MEDIA_TYPE);
            assertThat(e.httpStatus()).isEqualTo(415);
        });
    }

    @Test
    void unauthorizedCarriesTheAgentsMessage() {
        server.enqueue(json(401, "{\"error\":{\"code\":\"unauthorized\",\"message\":\"bad token\"}}"));
        assertThatThrownBy(client::deployments).isInstanceOfSatisfying(UnauthorizedException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.UNAUTHORIZED);
            assertThat(e.getMessage()).isEqualTo("bad token");
            assertThat(e.httpStatus()).isEqualTo(401);
        });
    }

    @Test
    void busyNamesTheHolderJob() {
        server.enqueue(json(409, "{\"error\":{\"code\":\"busy\",\"message\":\"shop is busy\",\"job\":\"j-9\"}}"));
        assertThatThrownBy(() -> client.startDeploymentJob("shop", Action.STOP))
                .isInstanceOfSatisfying(BusyException.class, e -> assertThat(e.holderJobId()).isEqualTo("j-9"));
    }

    @Test
    void notFoundIsTyped() {
        server.enqueue(json(404, "{\"error\":{\"code\":\"not_found\",\"message\":\"no job j-2\"}}"));
        assertThatThrownBy(() -> client.job("j-2")).isInstanceOf(NotFoundException.class).hasMessage("no job j-2");
    }

    @Test
    void unavailableCarriesRetryAfter() {
        server.enqueue(new MockResponse.Builder().code(503).setHeader("Retry-After", "7")
                .setHeader("Content-Type", "application/json").body("{\"error\":{\"code\":\"unavailable\",\"message\":\"full\"}}").build());
        assertThatThrownBy(client::info).isInstanceOfSatisfying(UnavailableException.class,
                e -> assertThat(e.retryAfterSeconds()).isEqualTo(7));
    }

    @Test
    void aJobTheAgentCannotRecordIsInsufficientStorageWithTheAgentsReason() {
        server.enqueue(json(507, "{\"error\":{\"code\":\"insufficient_storage\",\"message\":"
                + "\"the job could not be recorded in the agent's state folder: No space left on device\"}}"));
        assertThatThrownBy(() -> client.startDeploymentJob("shop", Action.RESTART))
                .isInstanceOfSatisfying(AgentException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INSUFFICIENT_STORAGE);
                    assertThat(e.httpStatus()).isEqualTo(507);
                })
                .hasMessageContaining("No space left on device");
    }

    @Test
    void htmlErrorPageIsAnUnavailableAnswerNotJson() {
        server.enqueue(new MockResponse.Builder().code(502).setHeader("Content-Type", "text/html")
                .body("<html><body>Bad gateway</body></html>").build());
        assertThatThrownBy(client::deployments).isInstanceOfSatisfying(UnavailableException.class,
                e -> assertThat(e.httpStatus()).isEqualTo(502));
    }

    @Test
    void badJsonIsAProtocolException() {
        server.enqueue(json(200, "{\"seq\": 1, \"deployments\": [ {"));
        assertThatThrownBy(client::deployments).isInstanceOf(ProtocolException.class);
    }

    @Test
    void htmlWithStatus200IsAProtocolException() {
        server.enqueue(new MockResponse.Builder().code(200).setHeader("Content-Type", "text/html").body("<html></html>").build());
        assertThatThrownBy(client::deployments).isInstanceOf(ProtocolException.class).hasMessageContaining("text/html");
    }

    @Test
    void unreachableAgentIsUnavailable() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        try (AgentClient c = new AgentClient(new AgentEndpoint("gone", "http://127.0.0.1:" + port, "t"))) {
            assertThatThrownBy(c::health).isInstanceOfSatisfying(UnavailableException.class,
                    e -> assertThat(e.httpStatus()).isZero());
        }
    }

    @Test
    void asyncListFailsWithTheTypedException() {
        server.enqueue(json(401, "{\"error\":{\"code\":\"unauthorized\",\"message\":\"no\"}}"));
        assertThatThrownBy(() -> client.deploymentsAsync().get(5, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(UnauthorizedException.class);
    }

    @Test
    void openStreamsNeverQueueOrdinaryCalls() {
        assertThat(client.transport().okHttp().dispatcher().getMaxRequestsPerHost()).isEqualTo(AgentClient.MAX_REQUESTS_PER_HOST);
        assertThat(client.transport().okHttp().connectTimeoutMillis()).isEqualTo(5_000);
        assertThat(client.transport().okHttp().callTimeoutMillis()).isEqualTo(15_000);
        var stream = client.transport().streamClient(AgentClient.HEARTBEAT_WINDOW);
        assertThat(stream.callTimeoutMillis()).isZero();
        // The silence window is the socket's read timeout, set per exchange by a network interceptor, not OkHttp's
        // (whose okio watchdog woke on every read: decision record 118); HttpStreamSilenceTest holds its behaviour.
        assertThat(stream.readTimeoutMillis()).isZero();
        assertThat(stream.networkInterceptors()).hasSize(1);
        assertThat(stream.dispatcher()).isSameAs(client.transport().okHttp().dispatcher());
    }

    @Test
    void tokenNeverAppearsInToString() {
        assertThat(new AgentEndpoint("a", "http://x/", "secret").toString()).doesNotContain("secret");
        assertThat(new AgentEndpoint("a", "http://x/", "secret").baseUrl()).isEqualTo("http://x");
    }
}
