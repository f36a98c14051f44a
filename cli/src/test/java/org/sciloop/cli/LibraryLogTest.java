package org.sciloop.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The OPC UA stack's own log goes to a file, not the console: an operator reads one line per event, and the
 * stack traces stay in the file. Tried as the trial did: a client that names an endpoint the server does not
 * serve, both sides in their own process.
 */
class LibraryLogTest {
    @TempDir
    Path dir;

    @Test
    void a_wrong_endpoint_url_is_one_line_on_each_console_and_the_details_are_in_the_log_file() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        Path serverOut = dir.resolve("server.out");
        Process server = sciloop(serverOut, "instrument", "serve", "flow-reactor", "--port", String.valueOf(port),
                "--insecure", "--pki", dir.resolve("pki").toString());
        try {
            waitFor(serverOut, "press Ctrl-C to stop", server);

            Path clientOut = dir.resolve("client.out");
            Process client = sciloop(clientOut, "instrument", "call", "opc.tcp://127.0.0.1:" + port + "/wrong",
                    "read", "ns=0;i=2258", "--security", "None/None");
            assertThat(client.waitFor(60, TimeUnit.SECONDS)).isTrue();

            List<String> said = Files.readAllLines(clientOut);
            assertThat(client.exitValue()).isEqualTo(ExitCode.FAILED);
            assertThat(said).hasSize(2);
            assertThat(said.get(0)).startsWith("sciloop: cannot reach opc.tcp://127.0.0.1:" + port + "/wrong:")
                    .contains("Bad_TcpEndpointUrlInvalid");
            assertThat(said.get(1)).startsWith("sciloop: the libraries it uses logged ").contains("details in "
                    + dir.resolve("config").resolve("logs"));
            // The server logs the refusal after it sent it: wait for it in the log the server named.
            Path serverLog = Path.of(Files.readAllLines(serverOut).stream()
                    .filter(l -> l.startsWith("the OPC UA stack's own log")).findFirst().orElseThrow()
                    .replaceFirst(".*: ", ""));
            waitFor(serverLog, "unrecognized endpoint url", server);
            assertThat(Files.readString(serverLog)).contains("\tat ");
            assertThat(serverLog.getParent()).isEqualTo(dir.resolve("config").resolve("logs"));
            assertThat(Files.readString(serverOut)).doesNotContain("\tat ", "Exception", "ERROR");
        } finally {
            server.destroy();
            server.waitFor(30, TimeUnit.SECONDS);
        }
    }

    private Process sciloop(Path output, String... args) throws IOException {
        List<String> command = new java.util.ArrayList<>(List.of(
                ProcessHandle.current().info().command().orElse("java"), "-cp", System.getProperty("java.class.path"),
                SciloopCommand.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
        builder.environment().put("SCILOOP_CONFIG_HOME", dir.resolve("config").toString());
        builder.environment().put("SCILOOP_OPCUA_PASSWORD", "not-used-by-this-test");
        return builder.start();
    }

    private static void waitFor(Path output, String text, Process process) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (!Files.readString(output).contains(text)) {
            if (!process.isAlive() || Instant.now().isAfter(deadline)) {
                throw new AssertionError("no '" + text + "' in " + output + ": " + Files.readString(output));
            }
            process.waitFor(50, TimeUnit.MILLISECONDS);
        }
    }
}
