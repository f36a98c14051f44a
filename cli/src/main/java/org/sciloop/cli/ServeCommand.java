package org.sciloop.cli;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.sciloop.core.InputException;
import org.sciloop.core.campaign.Campaign;
import org.sciloop.instruments.OpcUaInstrumentToolFactory;
import org.sciloop.core.campaign.Registry;
import org.sciloop.core.scenario.Scenario;
import org.sciloop.core.tool.Actuator;
import org.sciloop.service.Executor;
import org.sciloop.service.LabService;
import org.sciloop.service.SciloopCommands;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "serve", description = {
        "Run the lab service: a REST API (described at /api/openapi.json) with live trace streams, users and"
                + " roles, and a campaign queue.",
        "Each campaign runs as a sciloop process of its own; its trace stays the record. Stop with Ctrl-C."})
final class ServeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--port", paramLabel = "N", description = "the HTTP port (default: ${DEFAULT-VALUE}; 0 picks a"
            + " free one)", defaultValue = "8470")
    int port;

    @Option(names = "--host", paramLabel = "ADDRESS", description = "the address to listen on (default:"
            + " ${DEFAULT-VALUE}, this machine only; 0.0.0.0 for every interface)", defaultValue = "127.0.0.1")
    String host;

    @Option(names = "--data", paramLabel = "DIR", description = "the service's folder: its database, users' keys and"
            + " campaigns (default: ${DEFAULT-VALUE})", defaultValue = "sciloop-data")
    Path data;

    @Option(names = "--database", paramLabel = "JDBC_URL", description = "keep users and the queue in this database"
            + " instead of the embedded one, e.g. jdbc:postgresql://db.lab/sciloop?user=sciloop&password=...")
    String database;

    @Option(names = "--parallel", paramLabel = "N", description = "campaigns that run at once (default: the number"
            + " of processors)")
    Integer parallel;

    @Option(names = "--token-days", paramLabel = "N", description = "how long a new API token is valid (default:"
            + " ${DEFAULT-VALUE} days)", defaultValue = "30")
    int tokenDays;

    @Option(names = "--tls-cert", paramLabel = "PEM", description = "serve HTTPS with this certificate chain (PEM,"
            + " the site's certificate first, e.g. certbot's fullchain.pem); needs --tls-key")
    Path tlsCertificate;

    @Option(names = "--tls-key", paramLabel = "PEM", description = "the certificate's private key (PEM, PKCS #8:"
            + " BEGIN PRIVATE KEY)")
    Path tlsKey;

    @Option(names = "--executor", paramLabel = "WHERE", description = "where campaigns run: local (processes on"
            + " this machine, the default) or slurm (each as a Slurm job; --data must be on storage the nodes share)",
            defaultValue = "local")
    String executor;

    @Option(names = "--name", paramLabel = "NAME", description = "this service's name among services that share one"
            + " --database (default: the host name); after a restart a service goes on only with its own campaigns")
    String name;

    @Option(names = "--allow-tools", paramLabel = "LIST", split = ",", description = {"the tools a scenario sent as"
            + " YAML may use (built-in scenarios may use any).",
            "Default: every tool but process, slurm and http-dataset, which run programs or reach addresses a"
                    + " scenario names, as the service's user"})
    java.util.List<String> allowTools;

    @Override
    public Integer call() throws InterruptedException {
        if (port < 0 || port > 65535) {
            throw new InputException("--port " + port + ": a port is 0-65535");
        }
        Arguments.positive("--parallel", parallel);
        Arguments.positive("--token-days", tokenDays);
        if (database != null && !database.startsWith("jdbc:")) {
            throw new InputException("--database " + database + ": give a JDBC URL, e.g."
                    + " jdbc:postgresql://host/sciloop?user=u&password=p");
        }
        if ((tlsCertificate == null) != (tlsKey == null)) {
            throw new InputException(tlsCertificate == null ? "--tls-key needs --tls-cert, the certificate it goes"
                    + " with" : "--tls-cert needs --tls-key, the certificate's private key");
        }
        Executor where = switch (executor) {
            case "local" -> Executor.LOCAL;
            case "slurm" -> Executor.SLURM;
            default -> throw new InputException("--executor " + executor + ": give local or slurm");
        };
        if (where == Executor.SLURM && !onPath("sbatch")) {
            throw new InputException("--executor slurm: no sbatch on this machine's PATH; run the service where"
                    + " Slurm's commands are");
        }
        LabService.Settings settings = new LabService.Settings(host, port, data, database,
                parallel != null ? parallel : Runtime.getRuntime().availableProcessors(), Duration.ofDays(tokenDays),
                tlsCertificate, tlsKey, where, name != null ? name : hostName(), yamlTools());
        LabService service;
        try {
            service = LabService.start(settings, new Commands(), Clock.systemUTC(), spec.commandLine().getOut());
        } catch (IllegalStateException e) {
            throw new InputException(e.getMessage());
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            service.close();  // campaigns run on in their own processes; the next start follows them
            stopped.countDown();
        }, "sciloop-serve-stop"));
        stopped.await();
        return ExitCode.OK;
    }

    /** Every tool but those that run programs or reach addresses a scenario names. */
    static java.util.Set<String> yamlToolsByDefault() {
        java.util.Set<String> tools = new java.util.TreeSet<>(Registry.tools().names());
        tools.removeAll(java.util.Set.of("process", "slurm", "http-dataset"));
        return tools;
    }

    private java.util.Set<String> yamlTools() {
        if (allowTools == null) {
            return yamlToolsByDefault();
        }
        java.util.Set<String> known = new java.util.TreeSet<>(Registry.tools().names());
        for (String tool : allowTools) {
            if (!known.contains(tool)) {
                throw new InputException("--allow-tools: unknown tool '" + tool + "'; tools: " + String.join(", ",
                        known));
            }
        }
        return java.util.Set.copyOf(allowTools);
    }

    private static String hostName() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            return "localhost";
        }
    }

    private static boolean onPath(String program) {
        return java.util.Arrays.stream(System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator))
                .anyMatch(dir -> java.nio.file.Files.isExecutable(Path.of(dir, program)));
    }

    /** The service's way to sciloop: checks as {@code sciloop run} makes them, and this very command line. */
    static final class Commands implements SciloopCommands {
        @Override
        public Submission check(String scenario, Overrides o) {
            Scenario loaded = RunCommand.scenario(scenario, o.planner(), o.budget(), o.batch(), null, o.manual(),
                    o.approval());
            try (Campaign campaign = Campaign.assemble(loaded, o.seed() == null ? 0 : o.seed(), Registry.tools(),
                    Registry.planners())) {
                return new Submission(loaded.name(), loaded.tool(),
                        campaign.tool() instanceof Actuator a ? a.device() : null);
            }
        }

        @Override
        public String instrument(String named) {
            java.net.URI uri;
            try {
                uri = java.net.URI.create(named);
            } catch (IllegalArgumentException e) {
                uri = null;
            }
            if (uri == null || !"opc.tcp".equals(uri.getScheme()) || uri.getHost() == null || uri.getPort() == 0
                    || uri.getPort() > 65_535) {
                throw new org.sciloop.core.InputException("'" + named + "' names no instrument: name it by its OPC UA"
                        + " endpoint, opc.tcp://HOST:PORT, as GET /api/instruments lists it");
            }
            if (!uri.getHost().equals(OpcUaInstrumentToolFactory.THIS_MACHINE)) {
                try {
                    java.net.InetAddress.getByName(uri.getHost());
                } catch (java.net.UnknownHostException e) {
                    // A host no campaign could reach: a hold on it would hold nothing.
                    throw new org.sciloop.core.InputException("'" + named + "' names no instrument: its host "
                            + uri.getHost() + " cannot be resolved here (" + e.getMessage() + ")");
                }
            }
            return OpcUaInstrumentToolFactory.device(named);
        }

        @Override
        public List<String> scenarios() {
            return ScenarioCatalog.builtIns();
        }

        @Override
        public List<String> command() {
            // Absolute, so that a campaign's process finds it from any folder.
            String classPath = String.join(java.io.File.pathSeparator, java.util.Arrays.stream(System.getProperty(
                    "java.class.path").split(java.io.File.pathSeparator)).map(p -> Path.of(p).toAbsolutePath()
                    .toString()).toList());
            return List.of(ProcessHandle.current().info().command().orElse("java"), "-cp", classPath,
                    SciloopCommand.class.getName());
        }
    }
}
