package org.sciloop.evaluations.report;

import java.util.Locale;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import org.sciloop.core.trace.TraceReader;
import org.sciloop.core.trace.TraceSigner;
import org.sciloop.core.trace.TraceVerification;

/** How numbers and verdicts read in a report (and in the command line's comparisons). */
public final class Figures {
    private Figures() {
    }

    public static String number(double v) {
        if (Double.isNaN(v)) {
            return "-";
        }
        double a = Math.abs(v);
        String format = a == 0 ? "%.0f" : a < 0.01 || a >= 1e6 ? "%.3g" : a < 1 ? "%.3f" : "%.2f";
        return String.format(Locale.ROOT, format, v);
    }

    public static String number(OptionalDouble v) {
        return v.isPresent() ? number(v.getAsDouble()) : "-";
    }

    /** Experiments to a target, or that it was never reached. */
    public static String toTarget(OptionalInt v) {
        return v.isPresent() ? String.valueOf(v.getAsInt()) : "not reached";
    }

    public static String seconds(double s) {
        if (Double.isNaN(s)) {
            return "-";
        }
        return s < 1 ? String.format(Locale.ROOT, "%.1f ms", s * 1000) : String.format(Locale.ROOT, "%.2f s", s);
    }

    /** One sentence on what a trace's verification found. */
    static String integrity(TraceVerification.Result result) {
        if (!result.people().isEmpty() && result.verdict() != TraceVerification.Verdict.DAMAGED) {
            return "NOT verified: " + result.people().size() + " of the people's signatures fail (" + result.people()
                    .get(0) + (result.people().size() > 1 ? "; and more" : "") + "): what a person told or decided"
                    + " may have been changed. " + chain(result);
        }
        return chain(result);
    }

    private static String chain(TraceVerification.Result result) {
        TraceReader.Report r = result.report();
        TraceReader.Signing s = r.signing();
        String signers = String.join(", ", s.keys().stream().map(TraceSigner::fingerprint).toList());
        return switch (result.verdict()) {
            case VERIFIED -> "Verified: " + r.lines() + " lines, hash chain unbroken, " + s.checkpoints()
                    + " signed checkpoint(s) by " + signers + ", sealed at line " + s.lastCheckpoint() + ".";
            case DAMAGED -> "DAMAGED at " + r.problem().orElseThrow() + ". Only the " + r.lines()
                    + " lines before it are reported here.";
            case UNTRUSTED -> "Intact (" + r.lines() + " lines, " + s.checkpoints() + " checkpoint(s)), but signed by "
                    + signers + ", a key not trusted here: it proves nothing about who wrote it.";
            case UNSIGNED -> "Intact (" + r.lines() + " lines) but unsigned (trace format 1): a cut-off end or a"
                    + " rewrite would go unnoticed.";
            case PAUSED -> "Intact and signed (" + r.lines() + " lines), sealed at line " + s.lastCheckpoint()
                    + " while the campaign was paused: it vouches for the campaign up to its pause; if it was"
                    + " resumed later, lines written since could have been cut off.";
            case UNSEALED -> s.lastCheckpoint() == 0
                    ? "Intact (" + r.lines() + " lines), but no line is covered by a signature yet: the trace was cut"
                    + " off, or its writer stopped, before its first checkpoint."
                    : "Intact and signed (" + r.lines() + " lines), but not sealed: lines after line "
                    + s.lastCheckpoint() + " are not covered by a signature, and the trace may have been cut off.";
        };
    }
}
