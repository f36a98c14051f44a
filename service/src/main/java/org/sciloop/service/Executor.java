package org.sciloop.service;

/** Where the service runs its campaigns: as processes on its own machine, or as Slurm jobs. */
public enum Executor {
    LOCAL, SLURM
}
