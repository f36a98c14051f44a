package org.sciloop.core;

import java.math.BigDecimal;

/** A number as a person reads it in a message: no exponent (0.0002, not 2.0E-4), no needless ".0". */
public final class PlainNumber {
    private PlainNumber() {
    }

    public static String of(double d) {
        if (d == Math.rint(d) && Math.abs(d) < 1e15) {
            return String.valueOf((long) d);
        }
        if (!Double.isFinite(d)) {
            return String.valueOf(d);
        }
        return Math.abs(d) >= 1e15 ? String.format(java.util.Locale.ROOT, "%.4g", d)
                : BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
    }
}
