package org.sciloop.cli;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.sciloop.core.config.Options;
import org.sciloop.core.model.Settings;
import org.sciloop.core.space.Parameter;
import org.sciloop.core.space.ParameterSpace;
import org.sciloop.core.tool.Effect;
import org.sciloop.core.tool.JsonSchemas;
import org.sciloop.core.tool.Tool;
import org.sciloop.core.tool.ToolCall;
import org.sciloop.core.tool.ToolContext;
import org.sciloop.core.tool.ToolDescriptor;
import org.sciloop.core.tool.ToolFactory;
import org.sciloop.core.tool.ToolResult;

/**
 * A tool plugin (registered for the tests only) that counts how many of its instances are open: whoever
 * builds one must close it, whatever the command. It answers y = x on x in [0, 1].
 */
public final class OpenCountTool implements Tool {
    static final AtomicInteger OPEN = new AtomicInteger();
    static final AtomicInteger MADE = new AtomicInteger();
    private static final ParameterSpace SPACE = new ParameterSpace(List.of(new Parameter.Continuous("x", 0, 1, "")));
    private final AtomicBoolean closed = new AtomicBoolean();

    OpenCountTool() {
        OPEN.incrementAndGet();
        MADE.incrementAndGet();
    }

    @Override
    public ToolDescriptor descriptor() {
        return new ToolDescriptor("open-count", "counts its open instances", JsonSchemas.settings(SPACE),
                JsonSchemas.numbers(List.of("y")), Effect.READ_ONLY, Duration.ofSeconds(5));
    }

    @Override
    public Optional<ParameterSpace> impliedSpace() {
        return Optional.of(SPACE);
    }

    @Override
    public ToolResult invoke(ToolCall call, ToolContext context) {
        Object x = call.arguments().get("x");
        return x instanceof Number n ? new ToolResult.Success(Map.of("y", n.doubleValue()))
                : new ToolResult.Failure("no x", false);
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            OPEN.decrementAndGet();
        }
    }

    /** Its plugin factory. */
    public static final class Factory implements ToolFactory {
        @Override
        public String name() {
            return "open-count";
        }

        @Override
        public String summary() {
            return "test tool that counts its open instances";
        }

        @Override
        public Tool create(Options options) {
            return new OpenCountTool();
        }
    }

    static Settings at(double x) {
        return new Settings(Map.of("x", x));
    }
}
