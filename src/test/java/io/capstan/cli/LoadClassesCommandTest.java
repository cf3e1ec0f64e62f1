package io.capstan.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The hidden {@code capstan load-classes LIST} that the class-data archive is made with (decision record 106). */
class LoadClassesCommandTest {

    /** As -XX:DumpLoadedClassList writes it on JDK 17: name and id, lambda and invoker lines, hidden classes. */
    private static final List<String> LIST = List.of(
            "# NOTE: Do not modify this file.",
            "java/lang/Object id: 0",
            "io/capstan/cli/ByteSize id: 1 super: 0",
            "io/capstan/cli/NoSuchClassHere id: 2",
            "@lambda-proxy java/lang/invoke/LambdaForm$MH 2 Ljava/lang/Runnable;",
            "@lambda-form-invoker [LF_RESOLVE] java.lang.invoke.DirectMethodHandle$Holder invokeStatic L_V",
            "io/capstan/cli/Main$$Lambda$12/0x0000000800c1a000 id: 3",
            "");

    @Test
    void loadsTheClassesAListNamesAndCountsTheMissingOnes() {
        LoadClassesCommand.Result result = LoadClassesCommand.load(LIST, getClass().getClassLoader());

        assertThat(result).isEqualTo(new LoadClassesCommand.Result(2, 1));
    }

    @Test
    void theHiddenCommandReadsAListFileAndExitsZeroWhenItLoadedSome(@TempDir Path dir) throws Exception {
        Path list = Files.write(dir.resolve("capstan.classlist"), LIST, StandardCharsets.UTF_8);
        StringWriter out = new StringWriter();
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out));

        int code = cli.execute("load-classes", list.toString());

        assertThat(code).isZero();
        assertThat(out.toString()).contains("loaded 2 classes, 1 not found");
        assertThat(cli.getUsageMessage()).doesNotContain("load-classes");
    }

    @Test
    void aListThatLoadsNothingFails(@TempDir Path dir) throws Exception {
        Path list = Files.write(dir.resolve("empty.classlist"), List.of("no/such/Thing id: 0"), StandardCharsets.UTF_8);
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(new StringWriter()));

        assertThat(cli.execute("load-classes", list.toString())).isNotZero();
    }
}
