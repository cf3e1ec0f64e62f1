package io.capstan.cli;

import io.capstan.protocol.Version;
import picocli.CommandLine.IVersionProvider;

/** {@code --version} on every command. */
public final class VersionProvider implements IVersionProvider {
    @Override
    public String[] getVersion() {
        return new String[] {"capstan " + Version.current() + " (protocol v1)"};
    }
}
