package io.capstan.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import picocli.CommandLine.TypeConversionException;

/** {@code --job-output-limit} sizes. */
class ByteSizeTest {
    private final ByteSize size = new ByteSize();

    @Test
    void readsBytesAndPowersOf1024() {
        assertThat(size.convert("1GiB")).isEqualTo(1L << 30);
        assertThat(size.convert("512MiB")).isEqualTo(512L << 20);
        assertThat(size.convert("64k")).isEqualTo(64L << 10);
        assertThat(size.convert(" 2 G ")).isEqualTo(2L << 30);
        assertThat(size.convert("1000000")).isEqualTo(1_000_000L);
        assertThat(size.convert("100B")).isEqualTo(100L);
    }

    @Test
    void refusesWhatIsNotASize() {
        assertThatThrownBy(() -> size.convert("lots")).isInstanceOf(TypeConversionException.class).hasMessageContaining("1GiB");
        assertThatThrownBy(() -> size.convert("-1G")).isInstanceOf(TypeConversionException.class);
        assertThatThrownBy(() -> size.convert("99999999999T")).isInstanceOf(TypeConversionException.class);
    }

    @Test
    void theAgentCommandPassesTheLimitOn() {
        AgentCommand cmd = new AgentCommand();
        new picocli.CommandLine(cmd).parseArgs("--demo", "--job-output-limit", "256MiB");
        assertThat(cmd.jobOutputLimit).isEqualTo(256L << 20);
        AgentCommand dflt = new AgentCommand();
        new picocli.CommandLine(dflt).parseArgs("--demo");
        assertThat(dflt.jobOutputLimit).isEqualTo(io.capstan.agent.AgentConfig.DEFAULT_JOB_OUTPUT_LIMIT);
    }
}
