package org.sciloop.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.eclipse.milo.opcua.stack.core.types.enumerated.NodeClass;
import org.sciloop.core.ConfigDirectory;
import org.sciloop.core.InUseException;
import org.sciloop.core.InputException;
import org.sciloop.core.IoReason;
import org.sciloop.core.config.Options;
import org.sciloop.core.tool.DeviceReservation;
import org.sciloop.instruments.OpcUaInstrumentToolFactory;
import org.sciloop.instruments.client.AddressSpaceBrowser;
import org.sciloop.instruments.client.InstrumentClient;
import org.sciloop.instruments.profile.ProfileSkeleton;
import org.sciloop.instruments.security.Pki;
import org.sciloop.instruments.sim.InstrumentServer;
import org.sciloop.instruments.sim.ReactorModels;
import org.sciloop.instruments.sim.SimulatedReactor;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code sciloop instrument serve | browse | call}: the operator's OPC UA commands. */
@Command(name = "instrument", description = "Serve a simulated OPC UA instrument, browse one, or make a one-off call.",
        subcommands = {InstrumentCommand.Serve.class, InstrumentCommand.Browse.class, InstrumentCommand.Call.class})
final class InstrumentCommand {

    static String password(String variable) {
        String value = System.getenv(variable);
        if (value == null || value.isEmpty()) {
            throw new InputException("the password is read from $" + variable + ", which is not set");
        }
        return value;
    }

    /** How a client logs in; shared by browse and call. */
    static final class LoginOptions {
        @Option(names = "--security", paramLabel = "POLICY/MODE", defaultValue = "Basic256Sha256/SignAndEncrypt",
                description = "security policy and mode (default: ${DEFAULT-VALUE}; None/None for an open server)")
        String security;

        @Option(names = "--user", paramLabel = "NAME", description = "user name (default: anonymous)")
        String user;

        @Option(names = "--password-env", paramLabel = "VAR", defaultValue = "SCILOOP_OPCUA_PASSWORD",
                description = "environment variable holding the password (default: ${DEFAULT-VALUE})")
        String passwordEnv;

        InstrumentClient connect(String endpoint) {
            String[] pm = security.split("/", 2);
            if (pm.length != 2 || !InstrumentClient.Login.POLICIES.contains(pm[0])
                    || !InstrumentClient.Login.MODES.contains(pm[1])) {
                throw new InputException("--security: expected POLICY/MODE with POLICY one of "
                        + InstrumentClient.Login.POLICIES + " and MODE one of " + InstrumentClient.Login.MODES
                        + "; got '" + security + "'");
            }
            if (!endpoint.startsWith("opc.tcp://")) {
                throw new InputException("an OPC UA endpoint starts with opc.tcp://, got '" + endpoint + "'");
            }
            Optional<String> name = Optional.ofNullable(user);
            Optional<String> pass = name.map(n -> password(passwordEnv));
            return InstrumentClient.connect(endpoint, new InstrumentClient.Login(pm[0], pm[1], name, pass),
                    Pki.ofThisUser());
        }
    }

    @Command(name = "serve", description = {"Serve a simulated instrument over OPC UA until interrupted.",
            "Secure by default: Basic256Sha256/SignAndEncrypt, a user name and password, and only client certificates"
                    + " in <pki>/trusted/certs (rejected ones are put in <pki>/rejected/certs to be moved over)."})
    static final class Serve implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "MODEL", description = "instrument model: ${COMPLETION-CANDIDATES}",
                completionCandidates = Models.class)
        String model;

        @Option(names = "--dataset", paramLabel = "NAME", defaultValue = "arylation",
                description = "scenario whose data answers the runs (default: ${DEFAULT-VALUE})")
        String dataset;

        @Option(names = "--port", paramLabel = "P", defaultValue = "4840", description = "TCP port (default: ${DEFAULT-VALUE})")
        int port;

        @Option(names = "--bind", paramLabel = "HOST", defaultValue = "127.0.0.1",
                description = "address to listen on (default: ${DEFAULT-VALUE})")
        String bind;

        @Option(names = "--run-time", paramLabel = "DURATION", defaultValue = "PT2S",
                description = "how long a run takes, ISO-8601 (default: ${DEFAULT-VALUE})")
        String runTime;

        @Option(names = "--user", paramLabel = "NAME", defaultValue = "operator",
                description = "the user allowed in (default: ${DEFAULT-VALUE})")
        String user;

        @Option(names = "--password-env", paramLabel = "VAR", defaultValue = "SCILOOP_OPCUA_PASSWORD",
                description = "environment variable holding that user's password (default: ${DEFAULT-VALUE})")
        String passwordEnv;

        @Option(names = "--pki", paramLabel = "DIR", description = "the server's certificates and trust list"
                + " (default: <config dir>/instrument-pki/MODEL)")
        Path pki;

        @Option(names = "--insecure", description = "also allow security None and anonymous sessions (bench trials only)")
        boolean insecure;

        @Override
        public Integer call() throws InterruptedException {
            ReactorModels.check(model);
            Duration run;
            try {
                run = Options.parseDuration(runTime);
            } catch (IllegalArgumentException e) {
                throw new InputException("--run-time: " + e.getMessage());
            }
            if (port < 0 || port > 65535) {
                throw new InputException("--port: " + port + " is not a TCP port");
            }
            Map<String, String> users = insecure && System.getenv(passwordEnv) == null
                    ? Map.of() : Map.of(user, password(passwordEnv));
            Pki serverPki = Pki.open(pki != null ? pki : ConfigDirectory.path().resolve("instrument-pki").resolve(model),
                    "urn:sciloop:simulated-instrument:" + model, "sciloop simulated " + model);
            PrintWriter out = spec.commandLine().getOut();
            CountDownLatch stop = new CountDownLatch(1);
            try (SimulatedReactor reactor = ReactorModels.create(model, dataset, run);
                 InstrumentServer server = InstrumentServer.start(reactor, bind, port, serverPki,
                         new InstrumentServer.Access(users, insecure))) {
                Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown));
                out.printf("serving %s (data: %s, %s per run) at %s%n", model, dataset, run, server.endpointUrl());
                out.printf("security: Basic256Sha256/SignAndEncrypt, user %s%s%n", user,
                        insecure ? "; also None and anonymous (--insecure)" : "");
                out.printf("server certificate: %s; trusted clients: %s; rejected: %s%n",
                        serverPki.folder().resolve("own"), serverPki.trustedCerts(), serverPki.rejectedCerts());
                LibraryLog.file().ifPresent(log -> out.printf("the OPC UA stack's own log (client errors, with"
                        + " details): %s%n", log));
                out.println("press Ctrl-C to stop");
                out.flush();
                PrintWriter err = spec.commandLine().getErr();
                server.reportRefusalsTo(line -> {
                    err.printf("%s %s%n", LocalTime.now().truncatedTo(ChronoUnit.SECONDS), line);
                    err.flush();
                });
                stop.await();
            }
            return ExitCode.OK;
        }
    }

    static final class Models extends ArrayList<String> {
        Models() {
            super(ReactorModels.MODELS);
        }
    }

    @Command(name = "browse", description = "Print a server's address space (objects, variables with types, methods"
            + " with their arguments); optionally draft a profile from it.")
    static final class Browse implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "ENDPOINT", description = "e.g. opc.tcp://127.0.0.1:4840/sciloop")
        String endpoint;

        @ArgGroup(exclusive = false)
        LoginOptions login = new LoginOptions();

        @Option(names = "--depth", paramLabel = "N", defaultValue = "6", description = "levels below Objects (default: ${DEFAULT-VALUE})")
        int depth;

        @Option(names = "--profile-out", paramLabel = "FILE", description = "write a draft instrument profile here")
        Path profileOut;

        @Override
        public Integer call() throws IOException {
            if (login == null) {
                login = new LoginOptions();
            }
            PrintWriter out = spec.commandLine().getOut();
            if (depth < 1) {
                throw new InputException("--depth: at least 1, got " + depth);
            }
            if (profileOut != null) {
                requireWritable(profileOut);  // before connecting: a browse can take a while
            }
            try (InstrumentClient client = login.connect(endpoint)) {
                List<AddressSpaceBrowser.Entry> entries = new AddressSpaceBrowser(client, depth).browse();
                for (AddressSpaceBrowser.Entry e : entries) {
                    String indent = "  ".repeat(e.depth());
                    String name = e.path().substring(e.path().lastIndexOf('/') + 1);
                    if (e.kind() == NodeClass.Variable) {
                        out.printf("%s%s : %s%s   %s%n", indent, name, e.dataType(), e.writable() ? " (writable)" : "",
                                e.nodeId());
                    } else if (e.kind() == NodeClass.Method) {
                        out.printf("%s%s(%s)   %s%n", indent, name, String.join(", ", e.inputArguments()), e.nodeId());
                    } else {
                        out.printf("%s%s/   %s%n", indent, name, e.nodeId());
                    }
                }
                if (profileOut != null) {
                    String[] pm = login.security.split("/", 2);
                    try {
                        Files.writeString(profileOut, ProfileSkeleton.of("my-instrument", endpoint, pm[0], pm[1],
                                entries), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                    } catch (IOException e) {
                        throw new InputException("--profile-out: cannot write " + profileOut + ": " + IoReason.of(e));
                    }
                    out.printf("draft profile written to %s%n", profileOut);
                }
            }
            return ExitCode.OK;
        }

        /** A draft is never written over an existing file, nor somewhere it cannot be. */
        private static void requireWritable(Path file) {
            if (Files.exists(file)) {
                throw new InputException("--profile-out: " + file + " already exists; a draft does not replace a"
                        + " profile (give a new file name)");
            }
            Path folder = file.toAbsolutePath().getParent();
            if (!Files.isDirectory(folder)) {
                throw new InputException("--profile-out: cannot write " + file + ": " + (Files.exists(folder)
                        ? folder + " is not a folder" : "no folder " + folder));
            }
        }
    }

    @Command(name = "call", description = {"A one-off exchange: read NODE | write NODE TYPE VALUE | call OBJECT METHOD"
            + " [TYPE:VALUE...].", "Goes straight to the device: no campaign, no safety policy; for commissioning."})
    static final class Call implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "ENDPOINT")
        String endpoint;

        @Parameters(index = "1", paramLabel = "OPERATION", description = "read, write or call")
        String operation;

        @Parameters(index = "2..*", paramLabel = "ARGS")
        List<String> args = new ArrayList<>();

        @ArgGroup(exclusive = false)
        LoginOptions login = new LoginOptions();

        @Option(names = "--despite-campaign", description = "write or call even while a campaign on this machine"
                + " holds the device (it is refused otherwise: a hand on a running experiment spoils it)")
        boolean despiteCampaign;

        @Override
        public Integer call() {
            if (login == null) {
                login = new LoginOptions();
            }
            PrintWriter out = spec.commandLine().getOut();
            switch (operation) {
                case "read" -> need(1, "read NODE");
                case "write" -> need(3, "write NODE TYPE VALUE");
                case "call" -> {
                    if (args.size() < 2) {
                        throw new InputException("usage: call OBJECT METHOD [TYPE:VALUE...]");
                    }
                }
                default -> throw new InputException("unknown operation '" + operation + "'; use read, write or call");
            }
            // Every mistake in the arguments is found before the device is contacted.
            List<String> nodes = operation.equals("call") ? args.subList(0, 2) : args.subList(0, 1);
            nodes.forEach(Call::requireNodeId);
            List<Variant> values = new ArrayList<>();
            if (operation.equals("write")) {
                values.add(typed(args.get(1), args.get(2), "value"));
            } else if (operation.equals("call")) {
                for (String a : args.subList(2, args.size())) {
                    String[] tv = a.split(":", 2);
                    if (tv.length != 2) {
                        throw new InputException("method argument '" + a + "': write TYPE:VALUE, e.g. String:run-1");
                    }
                    values.add(typed(tv[0], tv[1], "method argument '" + a + "'"));
                }
            }
            if (!operation.equals("read")) {
                requireNoCampaign(spec.commandLine().getErr());
            }
            try (InstrumentClient client = login.connect(endpoint)) {
                switch (operation) {
                    case "read" -> out.println(client.read(args.get(0)));
                    case "write" -> {
                        Object before = client.read(args.get(0));
                        client.write(args.get(0), args.get(1), args.get(2));
                        out.printf("%s: %s -> %s%n", args.get(0), before, client.read(args.get(0)));
                    }
                    default -> {
                        Object[] result = client.call(args.get(0), args.get(1), values);
                        out.println(result.length == 0 ? "done" : java.util.Arrays.toString(result));
                    }
                }
            }
            return ExitCode.OK;
        }

        /** A campaign that holds the device expects nobody else to act on it: refused unless insisted on. */
        private void requireNoCampaign(PrintWriter err) {
            String device = OpcUaInstrumentToolFactory.device(endpoint);
            Optional<String> holder = DeviceReservation.holder(device);
            if (holder.isEmpty()) {
                return;
            }
            if (!despiteCampaign) {
                throw new InUseException(device + " is reserved by " + holder.get() + "; a " + operation
                        + " now would act under its running experiment. Pause that campaign first, or pass"
                        + " --despite-campaign to act anyway");
            }
            err.printf("warning: %s is reserved by %s; acting anyway (--despite-campaign)%n", device, holder.get());
        }

        private static void requireNodeId(String text) {
            if (!InstrumentClient.isNodeId(text)) {
                throw new InputException("'" + text + "' is not a node id (examples: ns=2;s=Reactor/Temp,"
                        + " nsu=urn:lab:reactor;i=1001; 'sciloop instrument browse' lists a server's)");
            }
        }

        /** {@code value} as OPC UA type {@code type}, or an error naming {@code what} and the types there are. */
        private static Variant typed(String type, String value, String what) {
            if (!InstrumentClient.TYPES.contains(type)) {
                throw new InputException(what + ": unknown type '" + type + "'; types: "
                        + String.join(", ", InstrumentClient.TYPES));
            }
            boolean fits = switch (type) {
                case "Int16" -> fitsInteger(value, Short.MIN_VALUE, Short.MAX_VALUE);
                case "Int32" -> fitsInteger(value, Integer.MIN_VALUE, Integer.MAX_VALUE);
                case "UInt32" -> fitsInteger(value, 0, 0xFFFF_FFFFL);
                case "Boolean" -> value.equals("true") || value.equals("false");
                case "Double", "Float" -> isNumber(value);
                default -> true;
            };
            if (!fits) {
                throw new InputException(what + ": '" + value + "' is not a " + type);
            }
            return InstrumentClient.variant(type, value);
        }

        private static boolean fitsInteger(String value, long min, long max) {
            try {
                long v = Long.parseLong(value);
                return v >= min && v <= max;
            } catch (NumberFormatException e) {
                return false;
            }
        }

        private static boolean isNumber(String value) {
            try {
                return Double.isFinite(Double.parseDouble(value));
            } catch (NumberFormatException e) {
                return false;
            }
        }

        private void need(int n, String usage) {
            if (args.size() != n) {
                throw new InputException("usage: " + usage);
            }
        }
    }
}
