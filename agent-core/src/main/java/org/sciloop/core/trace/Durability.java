package org.sciloop.core.trace;

/** When the trace writer forces lines to the disk. */
public enum Durability {
    /** Never: for benchmarks and throw-away runs only. */
    NONE,
    /** Before every actuating call and when the trace is closed. The default. */
    ACTUATIONS,
    /** After every line. */
    EVERY_LINE
}
