package org.sciloop.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.sciloop.core.trace.TraceSigner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "key", description = {
        "Print the public key that signs this user's traces.",
        "It is made on first use; verifiers pin it with 'sciloop verify --public-key'."})
final class KeyCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        TraceSigner signer = UserConfig.signer();
        PrintWriter out = spec.commandLine().getOut();
        out.println(signer.publicKey());
        PrintWriter err = spec.commandLine().getErr();
        err.printf("%s, kept in %s (SCILOOP_CONFIG_HOME moves it)%n", TraceSigner.fingerprint(signer.publicKey()),
                UserConfig.directory());
        return ExitCode.OK;
    }
}
