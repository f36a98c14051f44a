package org.sciloop.core.campaign;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.function.Function;
import org.sciloop.core.InputException;
import org.sciloop.core.planner.PlannerFactory;
import org.sciloop.core.tool.ToolFactory;

/**
 * Plugins of one kind, by name, as found on the class path with {@link ServiceLoader}.
 *
 * @param <F> the factory type
 */
public final class Registry<F> {
    private final String kind;
    private final Map<String, F> byName;

    public Registry(String kind, Iterable<F> factories, Function<F, String> name) {
        this.kind = kind;
        this.byName = new TreeMap<>();
        for (F f : factories) {
            F previous = byName.put(name.apply(f), f);
            if (previous != null) {
                throw new IllegalStateException("two " + kind + "s are named '" + name.apply(f) + "': "
                        + previous.getClass().getName() + " and " + f.getClass().getName());
            }
        }
    }

    public static Registry<ToolFactory> tools() {
        return new Registry<>("tool", ServiceLoader.load(ToolFactory.class), ToolFactory::name);
    }

    public static Registry<PlannerFactory> planners() {
        return new Registry<>("planner", ServiceLoader.load(PlannerFactory.class), PlannerFactory::name);
    }

    public Optional<F> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /** The factory named {@code name}; an unknown name is the user's mistake and says what is known. */
    public F get(String name) {
        return find(name).orElseThrow(() -> new InputException(
                "unknown " + kind + " '" + name + "'; known " + kind + "s: " + String.join(", ", names())));
    }

    public List<String> names() {
        return List.copyOf(byName.keySet());
    }

    public List<F> all() {
        return List.copyOf(byName.values());
    }
}
