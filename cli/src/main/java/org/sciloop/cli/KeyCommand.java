package org.sciloop.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.sciloop.core.trace.PersonalKey;
import org.sciloop.core.trace.TraceSigner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "key", description = {
        "Print the public key that signs this user's traces, or with --user a person's own key.",
        "It is made on first use; verifiers pin it with 'sciloop verify --public-key' (--people for persons)."})
final class KeyCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--user", paramLabel = "NAME", description = "the key of this person, which signs what they tell"
            + " and decide; prints 'NAME KEY', a line of a --people file")
    String user;

    @Override
    public Integer call() {
        if (user != null) {
            PersonalKey key = UserConfig.personalKey(UserConfig.newPerson("--user", user));
            spec.commandLine().getOut().println(key.person() + " " + key.publicKey());
            spec.commandLine().getErr().printf("%s, kept in %s%n", TraceSigner.fingerprint(key.publicKey()),
                    UserConfig.directory().resolve("people").resolve(user));
            return ExitCode.OK;
        }
        TraceSigner signer = UserConfig.signer();
        PrintWriter out = spec.commandLine().getOut();
        out.println(signer.publicKey());
        PrintWriter err = spec.commandLine().getErr();
        err.printf("%s, kept in %s (SCILOOP_CONFIG_HOME moves it)%n", TraceSigner.fingerprint(signer.publicKey()),
                UserConfig.directory());
        return ExitCode.OK;
    }
}
