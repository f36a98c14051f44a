package org.sciloop.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportCommandTest {
    /** Set by .ci/run, which installs Chromium: there the browser check must run, not be skipped. */
    private static final boolean BROWSER_REQUIRED = "1".equals(System.getenv("SCILOOP_REQUIRE_BROWSER"));

    @TempDir
    Path dir;

    @Test
    void a_run_folder_gets_an_html_and_a_markdown_report_with_every_section() throws IOException {
        Path run = dir.resolve("run");
        assertThat(Cli.run("run", "branin", "--budget", "12", "--out", run.toString()).exit()).isZero();
        Cli report = Cli.run("report", run.toString());
        assertThat(report.exit()).as(report.err()).isZero();
        String md = Files.readString(run.resolve("report.md"));
        assertThat(md).contains("# Campaign report: branin with sobol, seed 1", "## Trace integrity", "Verified: ",
                "## Metrics", "| experiments run | 12 |", "best possible (known to the tool) | 0.398",
                "## Outcome against each parameter", "## Hypotheses", "## Experiments",
                "](report-figures/convergence.png)", "](report-figures/parameter-x1.png)");
        assertThat(run.resolve("report-figures/parameter-x2.png")).isNotEmptyFile();
        String html = Files.readString(run.resolve("report.html"));
        assertThat(html).contains("data:image/png;base64,").doesNotContain("src=\"report-figures");
        assertThat(countOf(html, "<figure>")).isEqualTo(3);
    }

    @Test
    void a_benchmark_folder_is_reported_from_its_traces_with_their_integrity() throws IOException {
        Path bench = dir.resolve("bench");
        assertThat(Cli.run("bench", "arylation", "--planners", "random,sobol", "--seeds", "3", "--budget", "10",
                "--out", bench.toString()).exit()).isZero();
        Files.writeString(BenchTraces.first(bench), "tampered\n", java.nio.file.StandardOpenOption.APPEND);
        Cli report = Cli.run("report", bench.toString(), "--out", dir.resolve("out").toString());
        assertThat(report.exit()).as("written, but one trace is damaged").isEqualTo(ExitCode.FAILED);
        assertThat(report.err()).contains("warning: 1 of 6 traces did not verify");
        String md = Files.readString(dir.resolve("out/report.md"));
        assertThat(md).contains("# Benchmark report: arylation", "5 of 6 campaign traces verified",
                "DAMAGED at line", "| random | 3 |", "| sobol | 3 |", "target 99.00");
    }

    @Test
    void a_damaged_run_trace_is_reported_as_such_from_its_intact_lines() throws IOException {
        Path run = dir.resolve("run");
        assertThat(Cli.run("run", "branin", "--budget", "6", "--out", run.toString()).exit()).isZero();
        Path trace = run.resolve("trace.jsonl");
        List<String> lines = new ArrayList<>(Files.readAllLines(trace));
        lines.set(9, lines.get(9).replace("\"x1\":", "\"x1\": "));
        Files.write(trace, lines);
        Cli report = Cli.run("report", run.toString());
        assertThat(report.exit()).as("written, and the command fails as verify would").isEqualTo(ExitCode.FAILED);
        assertThat(report.err()).contains("1 of 1 traces did not verify");
        assertThat(Files.readString(run.resolve("report.md")))
                .contains("DAMAGED at line 10: the content does not match its hash", "Only the 9 lines before it");
    }

    @Test
    void a_trace_altered_and_signed_again_with_another_key_fails_the_report_as_verify_would() throws IOException {
        Path run = dir.resolve("run");
        assertThat(Cli.run("run", "arylation", "--budget", "5", "--out", run.toString()).exit()).isZero();
        Path forged = Files.createDirectories(dir.resolve("forged"));
        ReplayCommandTest.rewriteWithAlteredFirstObservation(run.resolve("trace.jsonl"), forged.resolve("trace.jsonl"));
        Cli report = Cli.run("report", forged.toString());
        assertThat(report.exit()).as("written, but its signer is no key this machine trusts").isEqualTo(
                ExitCode.FAILED);
        assertThat(report.err()).contains("1 of 1 traces did not verify");
        assertThat(forged.resolve("report.md")).content().contains("a key not trusted here");
    }

    @Test
    void a_run_whose_data_table_is_gone_is_reported_from_its_trace_and_says_what_is_missing() throws IOException {
        Path table = Files.writeString(dir.resolve("t.csv"), "a,b,y\n1,1,3\n1,2,4\n2,1,5\n2,2,7\n3,1,2\n3,2,1\n");
        Path scenario = Files.writeString(dir.resolve("s.yaml"), """
                name: tab
                objective: {name: y, goal: maximize}
                experiment: {tool: table-emulator, with: {table: t.csv, inputs: [a, b], output: y}}
                planner: {name: random}
                budget: {experiments: 4, batch: 1}
                """);
        Path run = dir.resolve("run");
        assertThat(Cli.run("run", scenario.toString(), "--out", run.toString()).exit()).isZero();
        Files.move(table, dir.resolve("elsewhere.csv"));

        Cli report = Cli.run("report", run.toString());

        assertThat(report.exit()).as(report.err()).isZero();
        assertThat(report.err()).contains("cannot open 't.csv'", "no such file",
                "reported from the trace alone: no best possible value, and parameter ranges as far as they were run");
        String md = Files.readString(run.resolve("report.md"));
        assertThat(md).contains("| experiments run | 4 |", "](report-figures/parameter-a.png)",
                "](report-figures/parameter-b.png)", "| best possible (known to the tool) | - |");
    }

    @Test
    void a_folder_that_is_neither_a_run_nor_a_benchmark_is_bad_input() throws IOException {
        assertThat(Cli.run("report", dir.resolve("nowhere").toString()).err()).contains("no folder at");
        Files.createDirectories(dir.resolve("empty"));
        Cli empty = Cli.run("report", dir.resolve("empty").toString());
        assertThat(empty.exit()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(empty.err()).contains("holds neither a trace (trace.jsonl) nor a bench.json");
        Path trace = Files.writeString(dir.resolve("empty").resolve("trace.jsonl"), "");
        Cli file = Cli.run("report", trace.toString());
        assertThat(file.exit()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(file.err()).contains("trace.jsonl is a file; give the run folder that holds it ("
                + trace.toAbsolutePath().getParent() + ")");
    }

    /** The page is opened in a real headless Chromium: every plot decodes, and a screenshot shows them. */
    @Test
    void the_report_renders_with_all_its_plots_in_headless_chromium() throws Exception {
        Path chromium = Path.of(System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium"));
        if (!BROWSER_REQUIRED) {
            Assumptions.assumeTrue(Files.isExecutable(chromium), "no Chromium at " + chromium);
        }
        assertThat(chromium).as("Chromium (apt-get install chromium)").isExecutable();
        Path run = dir.resolve("run");
        assertThat(Cli.run("run", "arylation", "--budget", "15", "--out", run.toString()).exit()).isZero();
        assertThat(Cli.run("report", run.toString()).exit()).isZero();
        String page = run.resolve("report.html").toUri().toString();

        String dom = browser(chromium, "--virtual-time-budget=10000", "--dump-dom", page);
        Matcher shown = Pattern.compile("data-figures-shown=\"(\\d+)\"").matcher(dom);
        Matcher total = Pattern.compile("data-figures=\"(\\d+)\"").matcher(dom);
        assertThat(shown.find() && total.find()).as("the page's own count ran: " + dom.length() + " chars").isTrue();
        assertThat(Integer.parseInt(total.group(1))).isEqualTo(6);
        assertThat(shown.group(1)).as("figures the browser decoded").isEqualTo(total.group(1));

        Path shot = Path.of("target", "report-screenshots", "arylation-report.png").toAbsolutePath();
        Files.createDirectories(shot.getParent());
        Files.deleteIfExists(shot);
        browser(chromium, "--hide-scrollbars", "--window-size=1280,2400", "--screenshot=" + shot, page);
        BufferedImage image = ImageIO.read(shot.toFile());
        assertThat(image.getWidth()).isEqualTo(1280);
        Set<Integer> colours = new HashSet<>();
        for (int y = 0; y < image.getHeight(); y += 2) {
            for (int x = 0; x < image.getWidth(); x += 2) {
                colours.add(image.getRGB(x, y));
            }
        }
        assertThat(colours.size()).as("distinct colours: text, tables and plots, not a blank page").isGreaterThan(200);
    }

    private String browser(Path chromium, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(chromium.toString(), "--headless", "--no-sandbox",
                "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + Files.createTempDirectory(dir, "chromium")));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectError(dir.resolve("chromium.err").toFile()).start();
        byte[] out = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("chromium finished").isTrue();
        assertThat(p.exitValue()).as(Files.readString(dir.resolve("chromium.err"))).isZero();
        return new String(out, StandardCharsets.UTF_8);
    }

    private static int countOf(String text, String part) {
        return text.split(Pattern.quote(part), -1).length - 1;
    }

    /** The benchmark's trace files, in name order. */
    private static final class BenchTraces {
        static Path first(Path bench) throws IOException {
            try (var files = Files.list(bench.resolve("traces"))) {
                return files.sorted().findFirst().orElseThrow();
            }
        }
    }
}
