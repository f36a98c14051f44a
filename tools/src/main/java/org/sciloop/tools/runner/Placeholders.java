package org.sciloop.tools.runner;

import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Fills {@code ${name}} in command lines and input templates with an experiment's settings and the run's
 * own values ({@code request-id}, {@code workdir}, {@code java}, {@code classpath}). A name nobody knows is
 * an error, never an empty string: a simulation fed a blank would run and mislead.
 */
record Placeholders(Map<String, String> values) {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z0-9_.-]+)}");

    /** The value a setting takes in a file or a command line: whole numbers without a decimal point. */
    static String text(Object value) {
        if (value instanceof Double d && d == Math.rint(d) && Math.abs(d) < 1e15) {
            return Long.toString(d.longValue());
        }
        return String.valueOf(value);
    }

    /** {@code template} with every placeholder filled; {@code where} names the template in an error. */
    String fill(String template, String where) {
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = values.get(m.group(1));
            if (value == null) {
                throw new IllegalArgumentException(where + " uses ${" + m.group(1) + "}, which is neither a setting"
                        + " of this experiment nor a runner value; known: " + new TreeSet<>(values.keySet()));
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        return m.appendTail(out).toString();
    }
}
