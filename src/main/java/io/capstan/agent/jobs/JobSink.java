package io.capstan.agent.jobs;

import io.capstan.agent.backend.LineSink;
import io.capstan.protocol.LineStream;
import java.util.List;

/** What an action writes to: its job's output, and the record of the processes it starts. */
final class JobSink implements LineSink {
    private final LineSink output;
    private final JobProcesses processes;

    JobSink(LineSink output, JobProcesses processes) {
        this.output = output;
        this.processes = processes;
    }

    @Override
    public void line(LineStream stream, String text) {
        output.line(stream, text);
    }

    @Override
    public void lines(LineStream stream, List<String> texts) {
        output.lines(stream, texts);
    }

    @Override
    public void processStarted(ProcessHandle process, String label) {
        processes.started(process, label);
    }

    @Override
    public void processEnded(ProcessHandle process) {
        processes.ended(process);
    }
}
