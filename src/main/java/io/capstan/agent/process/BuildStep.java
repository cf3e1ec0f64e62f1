package io.capstan.agent.process;

import io.capstan.agent.backend.LineSink;
import io.capstan.protocol.LineStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Runs one build argument vector to completion, its output streamed into the job. */
final class BuildStep {
    private BuildStep() {
    }

    /**
     * Returns the exit code. On interruption the step's whole process tree is killed before
     * {@link InterruptedException} is thrown, so a canceled job leaves nothing running.
     */
    static int run(List<String> argv, Path workdir, Map<String, String> env, LineSink out, String label)
            throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(argv).directory(workdir.toFile());
        pb.environment().putAll(env);
        Process p = pb.start();
        out.processStarted(p.toHandle(), label);
        try {
            return await(p, out);
        } finally {
            out.processEnded(p.toHandle());
        }
    }

    private static int await(Process p, LineSink out) throws IOException, InterruptedException {
        p.getOutputStream().close();
        Thread o = LinePump.start("capstan-build-stdout", p.getInputStream(), LineStream.STDOUT, out);
        Thread e = LinePump.start("capstan-build-stderr", p.getErrorStream(), LineStream.STDERR, out);
        int code;
        try {
            code = p.waitFor();
        } catch (InterruptedException ie) {
            ProcessTree.kill(ProcessTree.of(p.toHandle()));
            // Briefly let the pumps finish so no line of this step reaches the job after it has ended.
            o.join(500);
            e.join(500);
            out.system("build step canceled; killed pid " + p.pid());
            throw ie;
        }
        // Output the step wrote just before it ended still belongs to this step, before the next line.
        o.join(2000);
        e.join(2000);
        return code;
    }
}
