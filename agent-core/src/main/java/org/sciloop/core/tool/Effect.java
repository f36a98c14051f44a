package org.sciloop.core.tool;

/** Whether calling a tool can change the world. The engine fsyncs the trace before every ACTUATES call. */
public enum Effect {
    /** Looks things up or computes; calling it twice is harmless (a simulator, a dataset, a table). */
    READ_ONLY,
    /** Moves or changes something real (an instrument); never re-issued blindly after a crash. */
    ACTUATES
}
