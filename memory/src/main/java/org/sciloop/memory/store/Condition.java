package org.sciloop.memory.store;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.sciloop.core.InputException;

/**
 * A condition on one setting or outcome of an observation: {@code ligand = XPhos}, {@code Temp_C > 100},
 * {@code yield >= 80}. A number compares as a number; anything else is a level (a text), which only {@code =} and
 * {@code !=} compare.
 */
public record Condition(String name, Op op, double number, String level) {

    public enum Op {
        EQ("="), NE("!="), LT("<"), LE("<="), GT(">"), GE(">=");

        final String symbol;

        Op(String symbol) {
            this.symbol = symbol;
        }

        String sql() {
            return this == NE ? "<>" : symbol;
        }
    }

    private static final Pattern FORM = Pattern.compile("\\s*([^<>=!\\s]+(?:\\s+[^<>=!\\s]+)*)\\s*(<=|>=|!=|==|=|<|>)"
            + "\\s*(.+?)\\s*");
    private static final Pattern NUMBER = Pattern.compile("[-+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?");

    public boolean numeric() {
        return level == null;
    }

    /** {@code NAME OP VALUE}; an {@link InputException} that shows the form otherwise. */
    public static Condition parse(String text) {
        Matcher m = FORM.matcher(text);
        if (!m.matches()) {
            throw new InputException("'" + text + "' is not a condition: write NAME OP VALUE with OP one of = != < <="
                    + " > >= (as in 'ligand = XPhos' or 'Temp_C > 100')");
        }
        String name = m.group(1);
        String symbol = m.group(2).equals("==") ? "=" : m.group(2);
        Op op = java.util.Arrays.stream(Op.values()).filter(o -> o.symbol.equals(symbol)).findFirst().orElseThrow();
        String value = m.group(3);
        if (!value.isEmpty() && "<>=!".indexOf(value.charAt(0)) >= 0) {
            // "temperature => 100" or "ligand <> XPhos": an operator this does not know, not a level "> 100".
            throw new InputException("'" + text + "': '" + symbol + value.charAt(0) + "' is not an operator: OP is one"
                    + " of = != < <= > >=");
        }
        if (value.length() > 1 && (value.startsWith("'") && value.endsWith("'")
                || value.startsWith("\"") && value.endsWith("\""))) {
            return level(text, name, op, value.substring(1, value.length() - 1));
        }
        if (NUMBER.matcher(value).matches()) {
            double number = Double.parseDouble(value);
            if (!Double.isFinite(number)) {
                throw new InputException("'" + text + "': " + value + " is beyond what a number here can be");
            }
            return new Condition(name, op, number, null);
        }
        return level(text, name, op, value);
    }

    private static Condition level(String text, String name, Op op, String level) {
        if (op != Op.EQ && op != Op.NE) {
            throw new InputException("'" + text + "': '" + level + "' is not a number, and a level is compared only"
                    + " with = or !=");
        }
        return new Condition(name, op, Double.NaN, level);
    }

    @Override
    public String toString() {
        return name + " " + op.symbol + " " + (!numeric() ? level : number == Math.rint(number)
                && Math.abs(number) < 1e15 ? String.valueOf((long) number) : String.format(Locale.ROOT, "%s", number));
    }
}
