package org.sciloop.core.space;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** A recursive-descent reader of {@link ParameterConstraint#parse}'s grammar. */
final class LinearReader {
    private static final java.util.regex.Pattern NUMBER =
            java.util.regex.Pattern.compile("(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?");
    private static final java.util.regex.Pattern NAME = java.util.regex.Pattern.compile("[A-Za-z_][A-Za-z0-9_.]*");
    private final String text;
    private final Map<String, Map<String, Double>> tables;
    private int at;

    LinearReader(String text, Map<String, Map<String, Double>> tables) {
        this.text = text;
        this.tables = tables;
    }

    ParameterConstraint.Linear constraint() {
        Map<String, Double> coefficients = new LinkedHashMap<>();
        List<ParameterConstraint.Tabled> tabled = new ArrayList<>();
        double[] constant = {0};
        sum(1, coefficients, tabled, constant);
        skipSpace();
        String relation = relation();
        sum(-1, coefficients, tabled, constant);
        skipSpace();
        if (at < text.length()) {
            throw wrong("unexpected '" + text.substring(at) + "'");
        }
        coefficients.values().removeIf(c -> c == 0);
        ParameterConstraint.Relation r = switch (relation) {
            case "<=", "<" -> ParameterConstraint.Relation.AT_MOST;
            case ">=", ">" -> ParameterConstraint.Relation.AT_LEAST;
            default -> ParameterConstraint.Relation.EQUAL;
        };
        return new ParameterConstraint.Linear(text, coefficients, List.copyOf(tabled), constant[0], r);
    }

    private String relation() {
        for (String r : List.of("<=", ">=", "==", "<", ">", "=")) {
            if (text.startsWith(r, at)) {
                at += r.length();
                return r;
            }
        }
        throw wrong(at < text.length() ? "expected <=, >= or == at '" + text.substring(at) + "'"
                : "no relation: write both sides around <=, >= or ==");
    }

    /** Adds {@code side} times the sum at hand to what was read so far. */
    private void sum(double side, Map<String, Double> coefficients, List<ParameterConstraint.Tabled> tabled,
                     double[] constant) {
        double sign = 1;
        skipSpace();
        if (peek('+') || peek('-')) {
            sign = text.charAt(at++) == '-' ? -1 : 1;
        }
        while (true) {
            term(side * sign, coefficients, tabled, constant);
            skipSpace();
            if (peek('+') || peek('-')) {
                sign = text.charAt(at++) == '-' ? -1 : 1;
            } else {
                return;
            }
        }
    }

    private void term(double factor, Map<String, Double> coefficients, List<ParameterConstraint.Tabled> tabled,
                      double[] constant) {
        double coefficient = factor;
        String name = null;
        String argument = null;
        boolean first = true;
        while (true) {
            skipSpace();
            if (!first && peek('/')) {
                at++;
                skipSpace();
                double divisor = number().orElseThrow(() -> wrong("divide only by a number"));
                if (divisor == 0) {
                    throw wrong("division by zero");
                }
                coefficient /= divisor;
            } else {
                if (!first) {
                    at++;  // the '*'
                    skipSpace();
                }
                while (peek('-') || peek('+')) {  // a sign of its own: "x + -2 * y", "2 * -y"
                    coefficient *= text.charAt(at++) == '-' ? -1 : 1;
                    skipSpace();
                }
                Optional<Double> n = number();
                if (n.isPresent()) {
                    coefficient *= n.get();
                } else {
                    if (name != null) {
                        throw wrong("'" + name + "' times another name is not linear");
                    }
                    name = name();
                    skipSpace();
                    if (peek('(')) {
                        at++;
                        skipSpace();
                        argument = name();
                        skipSpace();
                        if (!peek(')')) {
                            throw wrong("expected ')' after " + name + "(" + argument);
                        }
                        at++;
                    }
                }
            }
            first = false;
            skipSpace();
            if (!peek('*') && !peek('/')) {
                break;
            }
        }
        if (!Double.isFinite(coefficient)) {
            throw wrong("a coefficient is too large for a number");
        }
        if (name == null) {
            constant[0] += coefficient;
        } else if (argument == null) {
            coefficients.merge(name, coefficient, Double::sum);
        } else {
            Map<String, Double> table = tables.get(name);
            if (table == null) {
                throw wrong("no table '" + name + "' under constraints.tables"
                        + (tables.isEmpty() ? "" : " (tables: " + String.join(", ", tables.keySet()) + ")"));
            }
            tabled.add(new ParameterConstraint.Tabled(name, argument, coefficient, table));
        }
    }

    private Optional<Double> number() {
        java.util.regex.Matcher m = NUMBER.matcher(text).region(at, text.length());
        if (m.lookingAt()) {
            at = m.end();
            double v = Double.parseDouble(m.group());
            if (!Double.isFinite(v)) {
                throw wrong(m.group() + " is too large for a number");
            }
            return Optional.of(v);
        }
        return Optional.empty();
    }

    private String name() {
        if (peek('`')) {
            int end = text.indexOf('`', at + 1);
            if (end < 0) {
                throw wrong("a backquoted name is not closed");
            }
            String name = text.substring(at + 1, end);
            at = end + 1;
            return name;
        }
        java.util.regex.Matcher m = NAME.matcher(text).region(at, text.length());
        if (!m.lookingAt()) {
            throw wrong(at < text.length() ? "expected a number or a name at '" + text.substring(at) + "'"
                    : "the expression ends too early");
        }
        at = m.end();
        return m.group();
    }

    private boolean peek(char c) {
        return at < text.length() && text.charAt(at) == c;
    }

    private void skipSpace() {
        while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
            at++;
        }
    }

    private IllegalArgumentException wrong(String why) {
        return new IllegalArgumentException(String.format(Locale.ROOT, "'%s': %s", text, why));
    }
}
