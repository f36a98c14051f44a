package org.sciloop.instruments;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import org.sciloop.core.InputException;
import org.sciloop.core.IoReason;
import org.sciloop.core.config.Options;
import org.sciloop.core.config.ScenarioLocation;
import org.sciloop.core.tool.Tool;
import org.sciloop.core.tool.ToolFactory;
import org.sciloop.instruments.client.InstrumentClient;
import org.sciloop.instruments.profile.InstrumentProfile;
import org.sciloop.instruments.security.Pki;
import org.sciloop.instruments.sim.LoopbackInstrument;
import org.sciloop.instruments.sim.ReactorModels;
import org.sciloop.instruments.sim.SimulatedReactor;

/**
 * {@code tool: opcua-instrument}: one action of an instrument profile.
 *
 * <pre>
 * with:
 *   profile: instruments/flow-reactor.yaml   # relative to the scenario
 *   action: run                              # default: the profile's only action
 *   simulate: {model: flow-reactor, dataset: arylation, run-time: PT0.05S}   # optional
 * </pre>
 *
 * With {@code simulate}, the instrument is served in-process by the simulated server on a free loopback
 * port, with its own certificates and a one-time password, secured exactly as a real one would be; the
 * profile's endpoint and login are replaced by the simulated server's. Otherwise the profile's endpoint
 * is used, the password is read from the environment variable the profile names, and sciloop's client
 * certificate is {@link Pki#ofThisUser()}.
 */
public final class OpcUaInstrumentToolFactory implements ToolFactory {

    @Override
    public String name() {
        return "opcua-instrument";
    }

    @Override
    public String summary() {
        return "an OPC UA instrument, driven through one action of its profile (setpoints, method, completion,"
                + " results)";
    }

    @Override
    public Tool create(Options options) {
        options.allowOnly("profile", "action", "simulate");
        InstrumentProfile profile;
        try (InputStream in = options.open("profile")) {
            profile = InstrumentProfile.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8),
                    options.location().displayName() + " → " + options.string("profile"), options.location());
        } catch (IOException e) {
            throw options.error("profile", "cannot read: " + IoReason.of(e));
        }
        String actionName = options.string("action", profile.actions().size() == 1
                ? profile.actions().keySet().iterator().next() : "run");
        InstrumentProfile.Action action = profile.action(actionName).orElseThrow(() -> options.error("action",
                "profile '" + profile.name() + "' has no action '" + actionName + "'; its actions: "
                        + String.join(", ", profile.actions().keySet())));
        if (options.has("simulate")) {
            return simulated(profile, action, options.child("simulate"));
        }
        InstrumentProfile.Security security = profile.security();
        // Nothing is opened or read until the first call: replaying or reporting a campaign needs no instrument.
        SessionKeeper session = new SessionKeeper(() -> InstrumentClient.connect(profile.endpoint(),
                new InstrumentClient.Login(security.policy(), security.mode(), security.username(), security.password()),
                Pki.ofThisUser()));
        return OpcUaInstrumentTool.of(profile, action, device(profile.endpoint()), session, Optional.empty(),
                () -> { });
    }

    private static Tool simulated(InstrumentProfile profile, InstrumentProfile.Action action, Options sim) {
        sim.allowOnly("model", "dataset", "run-time");
        Duration runTime = sim.duration("run-time", "PT0.05S");
        String model = sim.string("model");
        if (!ReactorModels.MODELS.contains(model)) {
            throw sim.error("model", "unknown instrument model '" + model + "'; models: "
                    + String.join(", ", ReactorModels.MODELS));
        }
        String dataset = sim.string("dataset");
        if (sim.location() instanceof ScenarioLocation.File f && (dataset.endsWith(".yaml") || dataset.endsWith(".yml"))) {
            dataset = f.path().resolveSibling(dataset).toString();  // as every file a scenario names
        }
        SimulatedReactor reactor;
        try {
            reactor = ReactorModels.create(model, dataset, runTime);
        } catch (InputException e) {
            throw sim.error("dataset", e.getMessage());
        }
        LoopbackInstrument served = new LoopbackInstrument(reactor, profile.name());
        InstrumentProfile local = new InstrumentProfile(profile.name(), "opc.tcp://127.0.0.1 (in-process, simulated)",
                profile.security(), profile.interlocks(), profile.actions(), profile.nodes(), profile.source());
        // Each simulated instrument is this campaign's own: its reservation can meet no other campaign's.
        String device = "simulated " + profile.name() + " " + UUID.randomUUID();
        return OpcUaInstrumentTool.of(local, action, device, new SessionKeeper(served::connect),
                Optional.of(reactor.inputs()), served::close);
    }

    /** The host of an instrument on this machine, however its endpoint names it. */
    public static final String THIS_MACHINE = "this-machine";

    /**
     * The instrument an endpoint reaches, for reservations: one server per address and port, whatever name
     * the profile gives it ({@code localhost} and {@code 127.0.0.1}, a host name and its address, are one
     * device), and every address of this machine is this machine. The endpoint as written if it cannot be
     * resolved (the connection will say why).
     */
    public static String device(String endpoint) {
        try {
            URI uri = URI.create(endpoint);
            InetAddress address = InetAddress.getByName(uri.getHost());
            boolean here = address.isLoopbackAddress() || address.isAnyLocalAddress()
                    || NetworkInterface.getByInetAddress(address) != null;
            int port = uri.getPort() > 0 ? uri.getPort() : 4840;  // OPC UA's registered port
            return "opc.tcp://" + (here ? THIS_MACHINE : address.getHostAddress()) + ":" + port;
        } catch (IllegalArgumentException | IOException e) {
            return endpoint;
        }
    }
}
