package org.sciloop.instruments.profile;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import org.eclipse.milo.opcua.stack.core.types.builtin.ExpandedNodeId;
import org.sciloop.core.config.Options;
import org.sciloop.core.config.ScenarioException;
import org.sciloop.core.config.ScenarioLocation;
import org.sciloop.core.config.YamlDocument;
import org.sciloop.core.tool.Effect;
import org.sciloop.instruments.client.InstrumentClient;

/**
 * How to drive one OPC UA instrument: where it is, how to log in, which device states allow an
 * actuation, and its named actions, each mapped to nodes (see {@code docs/instrument-profiles.md}).
 * Read from YAML; every mistake is reported with its file and line.
 */
public record InstrumentProfile(String name, String endpoint, Security security, List<Interlock> interlocks,
                                Map<String, Action> actions, List<NodeUse> nodes, Options source) {

    /** An error about the profile's {@code key} (e.g. {@code endpoint}), at its file and line. */
    public ScenarioException error(String key, String message) {
        return source.has(key) ? source.error(key, message) : source.errorHere(message);
    }

    /** How the client connects: the security policy and mode it asks for, and who it logs in as. */
    public record Security(String policy, String mode, Optional<String> username, Optional<PasswordEnv> passwordEnv) {
        public boolean none() {
            return policy.equals("None");
        }

        /** The password, read from the environment when the session opens; an unset variable is named at its line. */
        public Optional<String> password() {
            return passwordEnv.map(p -> Optional.ofNullable(System.getenv(p.variable())).orElseThrow(() ->
                    p.declared().error("the environment variable $" + p.variable() + ", which holds the password of "
                            + username.orElse("the user") + ", is not set")));
        }
    }

    /** The environment variable that holds the password, and where the profile names it. */
    public record PasswordEnv(String variable, Declared declared) {
    }

    /** A key of the profile, kept so that a problem found later (on the device) names its file and line. */
    public record Declared(Options section, String key) {
        public ScenarioException error(String message) {
            return section.error(key, message);
        }
    }

    /** What the profile does with a node, and so what the device must allow on it. */
    public enum Use {
        /** Read to decide (an interlock, the completion state, the request echo): a readable variable. */
        READ,
        /** A setpoint: a variable that can be read and written, of the setpoint's type. */
        WRITE,
        /** A result: a readable variable holding a number. */
        RESULT,
        /** The object a method is called on. */
        OBJECT,
        /** A method, executable by the profile's user, taking the profile's arguments. */
        METHOD
    }

    /**
     * A node the profile names, for {@code action} (empty for interlocks, which guard every action).
     * {@code type} is the setpoint's type for {@link Use#WRITE}; {@code arguments} the method's count.
     */
    public record NodeUse(String node, Use use, Optional<String> action, String type, int arguments,
                          Declared declared) {
    }

    /** Before any actuating action, {@code node} must hold one of {@code allowed}. */
    public record Interlock(String node, List<String> allowed) {
    }

    /** One named action: write setpoints, call a method, wait until done, read results. */
    public record Action(String name, String description, Effect effect, List<Setpoint> setpoints,
                         Optional<MethodCall> call, Optional<String> requestEcho, Optional<Completion> completion,
                         Map<String, String> results) {
    }

    /** A variable to write, with the limits the engine enforces before anything is sent. */
    public record Setpoint(String name, String node, String type, String unit, OptionalDouble min,
                           OptionalDouble max) {
        public boolean numeric() {
            return !type.equals("String");
        }
    }

    /** A method to call on {@code object}; argument values are literals or {@code ${request-id}}. */
    public record MethodCall(String object, String method, List<MethodArgument> arguments) {
    }

    public record MethodArgument(String name, String type, String value) {
        public static final String REQUEST_ID = "${request-id}";
    }

    /** Done when {@code node} equals {@code equals}; failed when it takes one of {@code failsOn}. */
    public record Completion(String node, String equals, List<String> failsOn, Duration timeout,
                             Duration pollEvery) {
    }

    static final List<String> TYPES = InstrumentClient.TYPES;

    /** Reads a profile from YAML text; {@code where} names it in messages. */
    public static InstrumentProfile parse(String yaml, String where, ScenarioLocation location) {
        return read(Options.root(YamlDocument.parse(yaml, where), location,
                "an instrument profile is a mapping of keys (name, endpoint, interlocks, actions, ...)"));
    }

    public static InstrumentProfile read(Options root) {
        root.allowOnly("name", "description", "endpoint", "security", "interlocks", "actions");
        List<NodeUse> nodes = new ArrayList<>();
        String endpoint = root.string("endpoint");
        if (!endpoint.startsWith("opc.tcp://")) {
            throw root.error("endpoint", "an OPC UA endpoint starts with opc.tcp://, got '" + endpoint + "'");
        }
        Security security = security(root.has("security") ? root.child("security") : null);
        List<Interlock> interlocks = new ArrayList<>();
        for (Options i : root.items("interlocks")) {
            i.allowOnly("node", "allowed");
            interlocks.add(new Interlock(node(i, "node", Use.READ, null, nodes), i.strings("allowed")));
        }
        Options actionsSection = root.child("actions");
        if (actionsSection.keys().isEmpty()) {
            throw actionsSection.errorHere("a profile needs at least one action");
        }
        Map<String, Action> actions = new LinkedHashMap<>();
        for (String name : actionsSection.keys()) {
            actions.put(name, action(name, actionsSection.child(name), nodes));
        }
        return new InstrumentProfile(root.string("name"), endpoint, security, interlocks, actions, List.copyOf(nodes),
                root);
    }

    private static Security security(Options s) {
        if (s == null) {
            return new Security("Basic256Sha256", "SignAndEncrypt", Optional.empty(), Optional.empty());
        }
        s.allowOnly("policy", "mode", "username", "password-env");
        String policy = oneOf(s, "policy", "Basic256Sha256", InstrumentClient.Login.POLICIES);
        String mode = oneOf(s, "mode", policy.equals("None") ? "None" : "SignAndEncrypt", InstrumentClient.Login.MODES);
        if (policy.equals("None") != mode.equals("None")) {
            throw s.error("mode", "policy " + policy + " goes with mode " + (policy.equals("None")
                    ? "None" : "Sign or SignAndEncrypt") + ", not " + mode);
        }
        Optional<String> user = s.optionalString("username");
        Optional<String> passwordEnv = s.optionalString("password-env");
        if (user.isPresent() != passwordEnv.isPresent()) {
            throw s.errorHere("give 'username' and 'password-env' (the environment variable holding the password)"
                    + " together");
        }
        return new Security(policy, mode, user, passwordEnv.map(v -> new PasswordEnv(v, new Declared(s, "password-env"))));
    }

    private static Action action(String name, Options a, List<NodeUse> nodes) {
        a.allowOnly("description", "effect", "setpoints", "call", "request-echo", "completion", "results");
        String effectName = oneOf(a, "effect", "actuates", List.of("actuates", "read-only"));
        Effect effect = effectName.equals("actuates") ? Effect.ACTUATES : Effect.READ_ONLY;
        List<Setpoint> setpoints = new ArrayList<>();
        if (a.has("setpoints")) {
            Options section = a.child("setpoints");
            for (String sp : section.keys()) {
                setpoints.add(setpoint(sp, section.child(sp), name, nodes));
            }
        }
        Optional<MethodCall> call = a.has("call") ? Optional.of(call(a.child("call"), name, nodes)) : Optional.empty();
        Optional<Completion> completion = a.has("completion")
                ? Optional.of(completion(a.child("completion"), name, nodes)) : Optional.empty();
        Map<String, String> results = new LinkedHashMap<>();
        if (a.has("results")) {
            Options r = a.child("results");
            for (String outcome : r.keys()) {
                results.put(outcome, node(r, outcome, Use.RESULT, name, nodes));
            }
        }
        if (effect == Effect.READ_ONLY && (!setpoints.isEmpty() || call.isPresent())) {
            throw a.error("effect", "an action that writes setpoints or calls a method changes the device: "
                    + "its effect is 'actuates'");
        }
        Optional<String> echo = a.has("request-echo")
                ? Optional.of(node(a, "request-echo", Use.READ, name, nodes)) : Optional.empty();
        if (call.isPresent() && effect == Effect.ACTUATES && echo.isEmpty()
                && call.get().arguments().stream().anyMatch(x -> x.value().equals(MethodArgument.REQUEST_ID))) {
            throw a.errorHere("missing 'request-echo': the node where the device echoes the request id, without which"
                    + " a run cannot be reconciled after a lost connection");
        }
        if (setpoints.isEmpty() && call.isEmpty() && results.isEmpty()) {
            throw a.errorHere("an action writes setpoints, calls a method or reads results; this one does nothing");
        }
        return new Action(name, a.string("description", name), effect, setpoints, call, echo, completion, results);
    }

    private static Setpoint setpoint(String name, Options s, String action, List<NodeUse> nodes) {
        s.allowOnly("node", "type", "unit", "min", "max");
        String type = oneOf(s, "type", "Double", TYPES);
        OptionalDouble min = s.optionalNumber("min");
        OptionalDouble max = s.optionalNumber("max");
        if (type.equals("String") && (min.isPresent() || max.isPresent())) {
            throw s.errorHere("a String setpoint has no numeric limits");
        }
        if (min.isPresent() && max.isPresent() && min.getAsDouble() > max.getAsDouble()) {
            throw s.error("min", "min " + min.getAsDouble() + " is above max " + max.getAsDouble());
        }
        String node = parsedNode(s, "node");
        nodes.add(new NodeUse(node, Use.WRITE, Optional.of(action), type, 0, new Declared(s, "node")));
        return new Setpoint(name, node, type, s.string("unit", ""), min, max);
    }

    private static MethodCall call(Options c, String action, List<NodeUse> nodes) {
        c.allowOnly("object", "method", "arguments");
        List<MethodArgument> arguments = new ArrayList<>();
        for (Options arg : c.items("arguments")) {
            arg.allowOnly("name", "type", "value");
            arguments.add(new MethodArgument(arg.string("name"), oneOf(arg, "type", "String", TYPES),
                    arg.string("value")));
        }
        String object = node(c, "object", Use.OBJECT, action, nodes);
        nodes.add(new NodeUse(parsedNode(c, "method"), Use.METHOD, Optional.of(action), "", arguments.size(),
                new Declared(c, "method")));
        return new MethodCall(object, c.string("method"), arguments);
    }

    private static Completion completion(Options c, String action, List<NodeUse> nodes) {
        c.allowOnly("node", "equals", "fails-on", "timeout", "poll-every");
        List<String> failsOn = c.has("fails-on") ? c.strings("fails-on") : List.of();
        return new Completion(node(c, "node", Use.READ, action, nodes), c.string("equals"), failsOn, c.positiveDuration("timeout", "PT10M"),
                c.positiveDuration("poll-every", "PT0.02S"));
    }

    /** The node id at {@code key}, checked to be one, and noted with what the profile does with it. */
    private static String node(Options o, String key, Use use, String action, List<NodeUse> nodes) {
        String node = parsedNode(o, key);
        nodes.add(new NodeUse(node, use, Optional.ofNullable(action), "", 0, new Declared(o, key)));
        return node;
    }

    private static String parsedNode(Options o, String key) {
        String text = o.string(key);
        try {
            ExpandedNodeId.parse(text);
        } catch (RuntimeException e) {
            throw o.error(key, "'" + text + "' is not a node id (examples: ns=2;s=Reactor/Temp,"
                    + " nsu=urn:lab:reactor;i=1001)");
        }
        return text;
    }

    private static String oneOf(Options o, String key, String fallback, List<String> allowed) {
        String v = o.string(key, fallback);
        if (!allowed.contains(v)) {
            throw o.error(key, "'" + v + "' is not one of " + String.join(", ", allowed));
        }
        return v;
    }

    /** The action named {@code name}, or an error listing the ones there are. */
    public Optional<Action> action(String name) {
        return Optional.ofNullable(actions.get(name));
    }
}
