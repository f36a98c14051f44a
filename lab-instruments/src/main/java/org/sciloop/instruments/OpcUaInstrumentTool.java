package org.sciloop.instruments;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.sciloop.core.safety.SafetyPolicy;
import org.sciloop.core.space.ParameterSpace;
import org.sciloop.core.tool.Actuator;
import org.sciloop.core.tool.DeviceStep;
import org.sciloop.core.tool.Effect;
import org.sciloop.core.tool.JsonSchemas;
import org.sciloop.core.tool.Reconciliation;
import org.sciloop.core.tool.Tool;
import org.sciloop.core.tool.ToolCall;
import org.sciloop.core.tool.ToolContext;
import org.sciloop.core.tool.ToolDescriptor;
import org.sciloop.core.tool.ToolResult;
import org.sciloop.core.tool.ToolUnavailableException;
import org.sciloop.instruments.client.DeviceException;
import org.sciloop.instruments.client.InstrumentClient;
import org.sciloop.instruments.profile.InstrumentProfile.Action;
import org.sciloop.instruments.profile.InstrumentProfile.Completion;
import org.sciloop.instruments.profile.InstrumentProfile.MethodArgument;
import org.sciloop.instruments.profile.InstrumentProfile.Setpoint;
import org.sciloop.instruments.profile.InstrumentProfile;

/**
 * One action of an instrument profile as a tool: write the setpoints, call the method with a request id,
 * wait for the completion condition, read the results. Each write and call is reported as a
 * {@link DeviceStep} (old and new value) for the trace.
 *
 * <p>A lost connection is waited out (Milo reconnects; {@link SessionKeeper} backs off) until the call's
 * deadline. The run request is never sent twice: before calling the method the tool reads the node where
 * the device echoes the last request id, and if it already shows this request, the run has started and
 * the tool only waits for it. The same check settles calls interrupted by a crash ({@link #reconcile}).
 * The device's request id is {@code <campaign>/<experiment>}, unique across campaigns.
 */
public class OpcUaInstrumentTool implements Tool {
    final InstrumentProfile profile;
    final Action action;
    final SessionKeeper session;
    private final Optional<ParameterSpace> impliedSpace;
    private final Runnable onClose;
    final ToolDescriptor descriptor;

    /**
     * The tool for {@code action}: an {@link Actuator} when the action changes the device, a plain read-only
     * tool when it only reads. {@code device} names the instrument for reservations (its endpoint).
     */
    public static OpcUaInstrumentTool of(InstrumentProfile profile, Action action, String device,
                                         SessionKeeper session, Optional<ParameterSpace> impliedSpace,
                                         Runnable onClose) {
        return action.effect() == Effect.ACTUATES
                ? new Actuating(profile, action, device, session, impliedSpace, onClose)
                : new OpcUaInstrumentTool(profile, action, session, impliedSpace, onClose);
    }

    private OpcUaInstrumentTool(InstrumentProfile profile, Action action, SessionKeeper session,
                                Optional<ParameterSpace> impliedSpace, Runnable onClose) {
        this.profile = profile;
        this.action = action;
        this.session = session;
        this.impliedSpace = impliedSpace;
        this.onClose = onClose;
        this.descriptor = describe(profile, action);
    }

    private static ToolDescriptor describe(InstrumentProfile profile, Action action) {
        ObjectNode input = JsonSchemas.closedObject();
        for (Setpoint s : action.setpoints()) {
            JsonSchemas.require(input, s.name(), s.numeric() ? JsonSchemas.number(s.min(), s.max(), s.unit())
                    : JsonSchemas.text());
        }
        ObjectNode output = JsonSchemas.numbers(List.copyOf(action.results().keySet()));
        String name = (profile.name() + "-" + action.name()).toLowerCase().replaceAll("[^a-z0-9]+", "-")
                .replaceAll("^-+|-+$", "");
        Duration timeout = action.completion().map(Completion::timeout).orElse(Duration.ofMinutes(1))
                .plusSeconds(30);
        return new ToolDescriptor(name.isEmpty() || !Character.isLetter(name.charAt(0)) ? "instrument-" + name : name,
                action.description() + " (OPC UA, " + profile.endpoint() + ")", input, output, action.effect(),
                timeout);
    }

    @Override
    public ToolDescriptor descriptor() {
        return descriptor;
    }

    @Override
    public Optional<ParameterSpace> impliedSpace() {
        return impliedSpace;
    }

    /**
     * Opens the session and checks the profile against the device ({@link DeviceCheck}), reading only: a
     * profile that names a node the device lacks stops the campaign before its first write.
     */
    @Override
    public void connect() {
        try {
            DeviceCheck.check(profile, action, session.client());
        } catch (DeviceException e) {
            if (e.connectionLost()) {
                throw new ToolUnavailableException("cannot reach " + profile.name() + " at " + profile.endpoint()
                        + ": " + e.getMessage());
            }
            // A setting of the profile the device refused is the profile's mistake: named at its line.
            throw e.refused().<RuntimeException>map(r -> profile.error(switch (r) {
                case ENDPOINT_PATH -> "endpoint";
                case SECURITY_MODE, LOGIN -> "security";
            }, e.getMessage())).orElse(e);
        }
    }

    @Override
    public ToolResult invoke(ToolCall call, ToolContext context) {
        String requestId = context.campaignId() + "/" + call.requestId();
        Deadline deadline = Deadline.after(descriptor.timeout().minusSeconds(5));
        Consumer<DeviceStep> steps = context.steps();
        Optional<String> undeclared = descriptor.undeclared(call.arguments());
        if (undeclared.isPresent()) {
            return new ToolResult.Failure(undeclared.get(), false);  // before anything reaches the device
        }
        session.watch(profile.endpoint(), steps);
        try {
            for (Setpoint s : action.setpoints()) {
                Object value = call.arguments().get(s.name());
                if (value == null) {
                    return new ToolResult.Failure("no value for setpoint " + s.name(), false);
                }
                Object before = session.attempt(deadline, c -> c.read(s.node()));
                session.attempt(deadline, c -> {
                    c.write(s.node(), s.type(), value);
                    return null;
                });
                steps.accept(new DeviceStep("write", s.node(), before, value));
            }
            if (action.call().isPresent()) {
                var m = action.call().get();
                session.attempt(deadline, c -> {
                    // After a lost connection the call may have gone through: the device's echo tells.
                    if (action.requestEcho().isPresent()
                            && requestId.equals(c.read(action.requestEcho().get()))) {
                        return null;
                    }
                    List<Variant> args = new ArrayList<>();
                    for (MethodArgument a : m.arguments()) {
                        args.add(InstrumentClient.variant(a.type(), valueOf(a, requestId)));
                    }
                    c.call(m.object(), m.method(), args);
                    return null;
                });
                steps.accept(new DeviceStep("call", m.method(), null, arguments(m.arguments(), requestId)));
            }
            Optional<String> notAsWritten = notAsWritten(call, deadline);
            if (notAsWritten.isPresent()) {
                // A device that forgot the request too will never run it: the campaign pauses and a resume
                // runs the experiment again. One that runs it on other settings cannot give its result.
                return forgot(requestId, deadline) ? forgotten(requestId)
                        : new ToolResult.Failure(notAsWritten.get(), false);
            }
            return finish(requestId, deadline);
        } catch (DeviceException e) {
            return new ToolResult.Failure(e.getMessage(), e.connectionLost());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new ToolResult.Failure("interrupted while driving " + profile.name(), true);
        } finally {
            session.unwatch();
        }
    }

    /**
     * Reads every setpoint back once the run is started. A device that was restarted or reset between the
     * writes (the link dropped and came back) holds its defaults for the setpoints written before: its run is
     * not the experiment the trace records, so no result of it may be recorded.
     */
    private Optional<String> notAsWritten(ToolCall call, Deadline deadline) {
        for (Setpoint s : action.setpoints()) {
            Object written = call.arguments().get(s.name());
            Object held = session.attempt(deadline, c -> c.read(s.node()));
            if (!sameValue(written, held)) {
                return Optional.of(profile.name() + " holds " + s.name() + " = " + held + ", not the " + written
                        + " written: it was restarted or reset since the writes, so its run is not the one"
                        + " recorded and no result of it is kept");
            }
        }
        return Optional.empty();
    }

    /** Whether the device shows no request at all: restarted or reset, it forgot ours. */
    private boolean forgot(String requestId, Deadline deadline) {
        if (action.requestEcho().isEmpty()) {
            return false;
        }
        Object echo = session.attempt(deadline, c -> c.read(action.requestEcho().get()));
        return echo == null || String.valueOf(echo).isEmpty();
    }

    /**
     * A device that forgot every request was restarted or reset: no one else ran, and the run did not finish.
     * Retriable: the campaign pauses and a resume runs it again.
     */
    private ToolResult forgotten(String requestId) {
        return new ToolResult.Failure(profile.name() + " no longer knows request " + requestId
                + ": it was restarted or reset during the run, which did not finish", true);
    }

    /** Numbers within the precision of a Float (a device may store a Double setpoint as one); else as text. */
    private static boolean sameValue(Object written, Object held) {
        if (written instanceof Number a && held instanceof Number b) {
            double x = a.doubleValue();
            double y = b.doubleValue();
            return x == y || Math.abs(x - y) <= 1e-6 * Math.max(Math.abs(x), Math.abs(y));
        }
        return String.valueOf(written).equals(String.valueOf(held));
    }

    /** Waits for the completion condition and reads the results. */
    ToolResult finish(String requestId, Deadline deadline) throws InterruptedException {
        if (action.completion().isPresent()) {
            Completion done = action.completion().get();
            Deadline until = Deadline.earliest(deadline, Deadline.after(done.timeout()));
            while (true) {
                Object state = session.<Object>attempt(until, c -> c.read(done.node()));
                if (action.requestEcho().isPresent()) {
                    Object echo = session.attempt(until, c -> c.read(action.requestEcho().get()));
                    if (echo == null || String.valueOf(echo).isEmpty()) {
                        return forgotten(requestId);
                    }
                    if (!requestId.equals(echo)) {
                        return new ToolResult.Failure("the device is on request " + echo + ", not " + requestId
                                + ": someone else started a run", false);
                    }
                }
                if (done.equals().equals(String.valueOf(state))) {
                    break;
                }
                if (done.failsOn().contains(String.valueOf(state))) {
                    return new ToolResult.Failure(done.node() + " became " + state, false);
                }
                if (until.passed()) {
                    return new ToolResult.Failure("not " + done.equals() + " within " + done.timeout()
                            + " (" + done.node() + " is " + state + ")", true);
                }
                Thread.sleep(done.pollEvery().toMillis());
            }
        }
        Map<String, Object> outputs = new LinkedHashMap<>();
        for (var r : action.results().entrySet()) {
            Object v = session.attempt(deadline, c -> c.read(r.getValue()));
            outputs.put(r.getKey(), v instanceof Number n ? n.doubleValue() : v);
        }
        return new ToolResult.Success(outputs);
    }

    private static Object valueOf(MethodArgument a, String requestId) {
        return a.value().equals(MethodArgument.REQUEST_ID) ? requestId : a.value();
    }

    private static Map<String, Object> arguments(List<MethodArgument> args, String requestId) {
        Map<String, Object> out = new LinkedHashMap<>();
        args.forEach(a -> out.put(a.name(), valueOf(a, requestId)));
        return out;
    }

    @Override
    public void close() {
        session.close();
        onClose.run();
    }

    @Override
    public String toString() {
        return "OpcUaInstrumentTool[" + profile.name() + "/" + action.name() + " at " + profile.endpoint() + "]";
    }

    /** A point in time after which an operation gives up. */
    record Deadline(long nanos) {
        static Deadline after(Duration d) {
            return new Deadline(System.nanoTime() + d.toNanos());
        }

        static Deadline earliest(Deadline a, Deadline b) {
            return a.nanos - b.nanos < 0 ? a : b;
        }

        boolean passed() {
            return System.nanoTime() - nanos >= 0;
        }

        long remainingMillis() {
            return Math.max(0, (nanos - System.nanoTime()) / 1_000_000);
        }
    }

    /**
     * An action that changes the device (writes setpoints, calls a method): the engine checks its limits and
     * interlocks before each call, can dry-run it, and asks it, never the device blindly, about a call a
     * crash interrupted.
     */
    static final class Actuating extends OpcUaInstrumentTool implements Actuator {
        private final String device;

        private Actuating(InstrumentProfile profile, Action action, String device, SessionKeeper session,
                          Optional<ParameterSpace> impliedSpace, Runnable onClose) {
            super(profile, action, session, impliedSpace, onClose);
            this.device = device;
        }

        @Override
        public String device() {
            return device;
        }

        @Override
        public List<SafetyPolicy.Limit> limits() {
            List<SafetyPolicy.Limit> limits = new ArrayList<>();
            for (Setpoint s : action.setpoints()) {
                if (s.min().isPresent() || s.max().isPresent()) {
                    limits.add(new SafetyPolicy.Range(s.name(), s.min(), s.max()));
                }
            }
            return limits;
        }

        @Override
        public Optional<String> interlock(ToolCall call) {
            for (InstrumentProfile.Interlock lock : profile.interlocks()) {
                Object state;
                try {
                    state = session.attempt(Deadline.after(Duration.ofSeconds(10)),
                            c -> c.read(lock.node()));
                } catch (DeviceException e) {
                    if (e.connectionLost()) {
                        // Out of reach is not a refusal: the campaign pauses and the experiment runs on resume.
                        throw new ToolUnavailableException("cannot reach " + profile.name() + " to check the"
                                + " interlock on " + lock.node() + ": " + e.getMessage());
                    }
                    return Optional.of("cannot read " + lock.node() + " to check the interlock: " + e.getMessage());
                }
                if (!lock.allowed().contains(String.valueOf(state))) {
                    return Optional.of(lock.node() + " is " + state + "; " + action.name() + " needs one of "
                            + lock.allowed());
                }
            }
            return Optional.empty();
        }

        @Override
        public List<DeviceStep> dryRun(ToolCall call) {
            List<DeviceStep> steps = new ArrayList<>();
            for (Setpoint s : action.setpoints()) {
                steps.add(new DeviceStep("write", s.node(), null, call.arguments().get(s.name())));
            }
            action.call().ifPresent(m -> steps.add(new DeviceStep("call", m.method(), null,
                    OpcUaInstrumentTool.arguments(m.arguments(), "<campaign>/" + call.requestId()))));
            return steps;
        }

        @Override
        public Reconciliation reconcile(ToolCall call, String campaignId) {
            if (action.requestEcho().isEmpty()) {
                return new Reconciliation.Unknown("profile '" + profile.name() + "' names no request-echo node,"
                        + " so nobody can tell whether " + call.requestId() + " started");
            }
            String requestId = campaignId + "/" + call.requestId();
            Object echo;
            try {
                echo = session.attempt(Deadline.after(Duration.ofSeconds(30)),
                        c -> c.read(action.requestEcho().get()));
            } catch (DeviceException e) {
                return new Reconciliation.Unknown("cannot ask " + profile.name() + ": " + e.getMessage());
            }
            if (!requestId.equals(echo)) {
                // Runs are serial and sciloop is the device's only client: the last request it saw is not ours.
                return new Reconciliation.NeverStarted();
            }
            try {
                return new Reconciliation.Completed(finish(requestId, Deadline.after(descriptor.timeout())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new Reconciliation.Unknown("interrupted while waiting for " + requestId);
            } catch (DeviceException e) {
                return new Reconciliation.Unknown("request " + requestId + " started; its outcome could not be read: "
                        + e.getMessage());
            }
        }
    }
}
