package io.capstan.console;

import io.capstan.client.logs.JobLogStream;
import io.capstan.client.logs.ServiceLogStream;
import io.capstan.console.agents.AgentConnection;
import io.capstan.console.fx.Background;
import io.capstan.console.fx.FrameBatcher;
import io.capstan.console.fx.FrameClock;
import io.capstan.console.fx.UiThread;
import io.capstan.console.shell.LogPaneFactory;
import io.capstan.console.shell.LogPaneHandle;
import io.capstan.protocol.Job;
import io.capstan.protocol.Line;
import java.time.Clock;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.scene.Node;
import javafx.scene.control.ListView;

/** Interim log panes (plain list), replaced by the logs feature's panes. */
final class ConsoleLogPanes {

    private ConsoleLogPanes() {
    }

    static LogPaneFactory create(UiThread ui, FrameClock frames, Background background, Clock clock) {
        return new LogPaneFactory() {
            @Override
            public LogPaneHandle job(AgentConnection agent, Job job) {
                Plain pane = new Plain(LogPaneFactory.jobKey(agent, job.id()), job.action().wire() + " " + job.deployment(), frames);
                JobLogStream stream = new JobLogStream(agent.client(), job.id(), new JobLogStream.Listener() {
                    @Override
                    public void onLine(Line line) {
                        pane.batcher.add(line.text());
                    }
                });
                pane.closer = stream;
                stream.start();
                return pane;
            }

            @Override
            public LogPaneHandle service(AgentConnection agent, String deployment, String service) {
                Plain pane = new Plain(LogPaneFactory.serviceKey(agent, deployment, service), deployment + "/" + service, frames);
                ServiceLogStream stream = new ServiceLogStream(agent.client(), deployment, service, 1000,
                        line -> pane.batcher.add(line.text()));
                pane.closer = stream;
                stream.start();
                return pane;
            }
        };
    }

    private static final class Plain implements LogPaneHandle {
        private final String key;
        private final SimpleStringProperty title;
        private final ListView<String> list = new ListView<>();
        private final FrameBatcher<String> batcher;
        private AutoCloseable closer;

        Plain(String key, String title, FrameClock frames) {
            this.key = key;
            this.title = new SimpleStringProperty(title);
            this.batcher = new FrameBatcher<>(frames, 10_000, lines -> list.getItems().addAll(lines));
        }

        @Override
        public String key() {
            return key;
        }

        @Override
        public Node node() {
            return list;
        }

        @Override
        public ReadOnlyStringProperty titleProperty() {
            return title;
        }

        @Override
        public void jobChanged(Job job) {
        }

        @Override
        public void close() {
            batcher.close();
            try {
                closer.close();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
