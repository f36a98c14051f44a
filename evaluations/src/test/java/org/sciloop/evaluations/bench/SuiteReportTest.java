package org.sciloop.evaluations.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SuiteReportTest {

    /** A tester's suite of 2 seeds marked a planner ahead (+) by "14 standard errors" of one degree of freedom. */
    @Test
    void fewer_than_five_seeds_give_no_verdict() {
        assertThat(SuiteReport.verdict(new BenchmarkReport.Paired("bo", "random", 10, 2, 28.4, 2.0))).isEqualTo("?");
        assertThat(SuiteReport.verdict(new BenchmarkReport.Paired("bo", "random", 10, 5, 28.4, 2.0))).isEqualTo("+");
        assertThat(SuiteReport.verdict(new BenchmarkReport.Paired("bo", "random", 10, 5, -28.4, 2.0))).isEqualTo("-");
        assertThat(SuiteReport.verdict(new BenchmarkReport.Paired("bo", "random", 10, 5, 1.0, 2.0))).isEqualTo("=");
    }
}
