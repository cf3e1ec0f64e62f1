package io.capstan.agent.process;

import static org.assertj.core.api.Assertions.assertThat;

import io.capstan.protocol.DeploymentStatus;
import io.capstan.protocol.Service;
import io.capstan.protocol.ServiceStatus;
import java.io.File;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeploymentStatusTest {
    private static Service s(ServiceStatus status, Integer exitCode) {
        return new Service("x", status, null, null, null, exitCode, null, null);
    }

    @Test
    void summarisesServices() {
        assertThat(ProcessDeployment.status(List.of())).isEqualTo(DeploymentStatus.UNKNOWN);
        assertThat(ProcessDeployment.status(List.of(s(ServiceStatus.RUNNING, null), s(ServiceStatus.STARTING, null))))
                .isEqualTo(DeploymentStatus.RUNNING);
        assertThat(ProcessDeployment.status(List.of(s(ServiceStatus.STOPPED, null), s(ServiceStatus.EXITED, 0))))
                .isEqualTo(DeploymentStatus.STOPPED);
        assertThat(ProcessDeployment.status(List.of(s(ServiceStatus.RUNNING, null), s(ServiceStatus.STOPPING, null))))
                .isEqualTo(DeploymentStatus.PARTIAL);
        assertThat(ProcessDeployment.status(List.of(s(ServiceStatus.RUNNING, null), s(ServiceStatus.EXITED, 1))))
                .isEqualTo(DeploymentStatus.FAILED);
    }

    @Test
    void aCrashItsRestartPolicyHandlesIsRestartingNotFailed() {
        assertThat(ProcessDeployment.status(List.of(s(ServiceStatus.RUNNING, null), s(ServiceStatus.RESTARTING, 1))))
                .isEqualTo(DeploymentStatus.RESTARTING);
        assertThat(ProcessDeployment.status(List.of(s(ServiceStatus.RESTARTING, 1)))).isEqualTo(DeploymentStatus.RESTARTING);
        assertThat(ProcessDeployment.status(List.of(s(ServiceStatus.STOPPED, null), s(ServiceStatus.RESTARTING, 0))))
                .isEqualTo(DeploymentStatus.RESTARTING);
        // A failure nothing will undo outranks a restart on its way.
        assertThat(ProcessDeployment.status(List.of(s(ServiceStatus.EXITED, 2), s(ServiceStatus.RESTARTING, 1))))
                .isEqualTo(DeploymentStatus.FAILED);
    }

    @Test
    void placeholdersPointAtThisJvmWithAnAbsoluteClassPath() {
        assertThat(Path.of(ProcessBackend.javaExecutable())).isAbsolute().isExecutable();
        // The runtime's java, not this process's command: in an app image that is the launcher (installer/check.sh).
        assertThat(Path.of(ProcessBackend.javaExecutable()).getParent())
                .isEqualTo(Path.of(System.getProperty("java.home"), "bin"));
        for (String entry : ProcessBackend.absoluteClassPath().split(File.pathSeparator)) {
            assertThat(Path.of(entry)).isAbsolute();
        }
        assertThat(ProcessBackend.defaultPlaceholders()).containsOnlyKeys("java", "classpath");
    }
}
