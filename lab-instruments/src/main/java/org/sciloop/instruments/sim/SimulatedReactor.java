package org.sciloop.instruments.sim;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.sciloop.core.space.Parameter;
import org.sciloop.core.space.ParameterSpace;
import org.sciloop.core.tool.Tool;
import org.sciloop.core.tool.ToolCall;
import org.sciloop.core.tool.ToolContext;
import org.sciloop.core.tool.ToolResult;

/**
 * The device behind the simulated instrument server, shaped after a functional unit of the OPC UA LADS
 * companion specification: setpoints, a state machine Idle → Running → Complete / Aborted driven by
 * Start, Stop and Abort, and results. A run takes {@code runTime} and is answered by an emulator (a
 * table of real measurements). The device outlives its OPC UA server, as a real reactor outlives a
 * restart of its controller's server: that is what lets a client reconcile after losing the connection.
 */
public final class SimulatedReactor implements AutoCloseable {

    /** The states of the functional unit's state machine. */
    public enum State { Idle, Running, Complete, Aborted }

    /** Thrown when a method is not allowed in the current state; the server answers Bad_InvalidState. */
    public static final class InvalidState extends RuntimeException {
        InvalidState(String message) {
            super(message);
        }
    }

    private final ParameterSpace inputs;
    private final List<String> outputs;
    private final Tool emulator;
    private final Duration runTime;
    private final Map<String, Object> setpoints = new LinkedHashMap<>();
    private final Map<String, Double> results = new LinkedHashMap<>();
    private final Map<String, AtomicInteger> startsByRequest = new ConcurrentHashMap<>();
    private final List<Consumer<SimulatedReactor>> listeners = new ArrayList<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "sciloop-simulated-reactor");
        t.setDaemon(true);
        return t;
    });
    private State state = State.Idle;
    private String lastRequestId = "";
    private String message = "ready";
    private ScheduledFuture<?> run;

    public SimulatedReactor(ParameterSpace inputs, List<String> outputs, Tool emulator, Duration runTime) {
        this.inputs = inputs;
        this.outputs = List.copyOf(outputs);
        this.emulator = emulator;
        this.runTime = runTime;
        for (Parameter p : inputs.parameters()) {
            setpoints.put(p.name(), initialValue(p));
        }
        outputs.forEach(o -> results.put(o, Double.NaN));
    }

    private static Object initialValue(Parameter p) {
        if (p instanceof Parameter.Categorical c) {
            return c.levels().get(0);
        }
        if (p instanceof Parameter.Discrete d) {
            return d.values().get(0);
        }
        return ((Parameter.Continuous) p).low();
    }

    public ParameterSpace inputs() {
        return inputs;
    }

    public List<String> outputs() {
        return outputs;
    }

    /** Called after every change of state, setpoint or result (from the caller's or the run's thread). */
    public synchronized void onChange(Consumer<SimulatedReactor> listener) {
        listeners.add(listener);
    }

    public synchronized State state() {
        return state;
    }

    public synchronized String lastRequestId() {
        return lastRequestId;
    }

    public synchronized String message() {
        return message;
    }

    public synchronized Object setpoint(String name) {
        return setpoints.get(name);
    }

    public synchronized double result(String name) {
        return results.get(name);
    }

    /** How many times a run with this request id was started: a run done twice shows up here. */
    public int starts(String requestId) {
        AtomicInteger n = startsByRequest.get(requestId);
        return n == null ? 0 : n.get();
    }

    /** Changes a setpoint; refused while a run is going, as a reactor locks its setpoints. */
    public void setSetpoint(String name, Object value) {
        synchronized (this) {
            if (!setpoints.containsKey(name)) {
                throw new IllegalArgumentException("no setpoint named " + name);
            }
            if (state == State.Running) {
                throw new InvalidState("setpoints are locked while a run is going (request " + lastRequestId + ")");
            }
            setpoints.put(name, value);
        }
        changed();
    }

    /** Starts a run; the request id is echoed in {@link #lastRequestId()} so a client can tell it started. */
    public void start(String requestId) {
        synchronized (this) {
            if (state == State.Running) {
                throw new InvalidState("Start refused: a run is going (request " + lastRequestId + ")");
            }
            if (requestId == null || requestId.isBlank()) {
                throw new IllegalArgumentException("Start needs a request id");
            }
            state = State.Running;
            lastRequestId = requestId;
            message = "running " + requestId;
            outputs.forEach(o -> results.put(o, Double.NaN));
            startsByRequest.computeIfAbsent(requestId, k -> new AtomicInteger()).incrementAndGet();
            Map<String, Object> settings = Map.copyOf(setpoints);
            run = timer.schedule(() -> finish(requestId, settings), runTime.toNanos(), TimeUnit.NANOSECONDS);
        }
        changed();
    }

    /** Ends a run early at the operator's request. */
    public void stop() {
        end("stopped by the operator");
    }

    /** Ends a run at once, as an emergency would. */
    public void abort() {
        end("aborted");
    }

    /**
     * Switches the unit off and on again: a run going is lost, and so is the memory of the last request, as a
     * controller without persistent state forgets it. Setpoints go back to their initial values.
     */
    public void powerCycle() {
        synchronized (this) {
            if (run != null) {
                run.cancel(false);
            }
            state = State.Idle;
            lastRequestId = "";
            message = "restarted";
            for (Parameter p : inputs.parameters()) {
                setpoints.put(p.name(), initialValue(p));
            }
            outputs.forEach(o -> results.put(o, Double.NaN));
        }
        changed();
    }

    private void end(String why) {
        synchronized (this) {
            if (state != State.Running) {
                throw new InvalidState("nothing to end: the unit is " + state);
            }
            run.cancel(false);
            state = State.Aborted;
            message = why;
        }
        changed();
    }

    private void finish(String requestId, Map<String, Object> settings) {
        ToolResult answer = emulator.invoke(new ToolCall("simulated-reactor", requestId, settings),
                new ToolContext("simulated-reactor", Clock.systemUTC(), new Random(requestId.hashCode())));
        synchronized (this) {
            if (state != State.Running || !requestId.equals(lastRequestId)) {
                return;
            }
            if (answer instanceof ToolResult.Success s) {
                for (String o : outputs) {
                    Object v = s.outputs().get(o);
                    results.put(o, v instanceof Number n ? n.doubleValue() : Double.NaN);
                }
                state = State.Complete;
                message = "completed " + requestId;
            } else {
                state = State.Aborted;
                message = "run failed: " + ((ToolResult.Failure) answer).reason();
            }
        }
        changed();
    }

    private void changed() {
        List<Consumer<SimulatedReactor>> copy;
        synchronized (this) {
            copy = List.copyOf(listeners);
        }
        copy.forEach(l -> l.accept(this));
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
