package org.sciloop.core.tool;

import org.sciloop.core.config.Options;

/**
 * Makes tools from a scenario's {@code experiment.with} options. Found with {@link java.util.ServiceLoader}
 * (declare implementations in {@code META-INF/services/org.sciloop.core.tool.ToolFactory}), so a lab can
 * add its own tools by putting a jar on the class path.
 *
 * <p>Contract: {@link #create} rejects bad options with {@link Options#error}, naming the option and its
 * line; it does not start long-running work.
 */
public interface ToolFactory {

    /** The name scenarios use ({@code experiment.tool}). */
    String name();

    /** One line for {@code sciloop tools}. */
    String summary();

    Tool create(Options options);
}
