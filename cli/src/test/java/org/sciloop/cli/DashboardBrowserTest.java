package org.sciloop.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.sciloop.service.Executor;
import org.sciloop.service.LabService;

/**
 * The dashboard in a real browser (Debian's Chromium, driven by chromium-driver through Selenium), over HTTPS
 * with a certificate made for the test: a scientist logs in and submits {@code arylation} and watches its plot
 * gain points; an operator approves and denies on {@code arylation-opcua} with approvals on, and pauses,
 * resumes and stops a campaign on the instrument. Every click is then looked for in the campaign's trace, with
 * the user who made it. Screenshots go to {@code target/dashboard-screenshots}.
 */
@Timeout(900)
class DashboardBrowserTest {
    /** Set by .ci/run, which installs Chromium and its driver: there this test must run, not be skipped. */
    private static final boolean BROWSER_REQUIRED = "1".equals(System.getenv("SCILOOP_REQUIRE_BROWSER"));
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path DRIVER = Path.of("/usr/bin/chromedriver");
    private static final Path SHOTS = Path.of("target/dashboard-screenshots");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    private LabService service;
    private WebDriver browser;
    private HttpClient api;

    @BeforeEach
    void needsTheBrowser() {
        boolean present = Files.isExecutable(CHROMIUM) && Files.isExecutable(DRIVER);
        if (!present && BROWSER_REQUIRED) {
            fail("SCILOOP_REQUIRE_BROWSER=1 but " + CHROMIUM + " or " + DRIVER + " is missing (apt-get install"
                    + " chromium chromium-driver)");
        }
        assumeTrue(present, "no Chromium and chromium-driver here: the dashboard's browser test is SKIPPED");
    }

    @AfterEach
    void stop() throws Exception {
        if (browser != null) {
            shot("last");  // where it stood when the test ended, passed or not
            browser.quit();
        }
        if (service != null) {
            service.close();
        }
        for (ProcessHandle p : ProcessHandle.current().descendants().toList()) {
            if (!p.info().command().orElse("").contains("chrom")) {
                p.destroyForcibly();
                p.onExit().get();
            }
        }
    }

    @Test
    void people_run_campaigns_from_the_dashboard_and_every_click_is_on_the_trace_with_their_name() throws Exception {
        Files.createDirectories(SHOTS);
        String admin = startOverHttps();
        String sam = user(admin, "sam", "scientist");
        String olga = user(admin, "olga", "operator");
        browser = chromium();

        // Logging in: a page asked for without a session goes to the login form, and back after it.
        browser.get(base() + "/");
        assertThat(browser.getCurrentUrl()).contains("/login?next=");
        shot("1-login");
        logIn(sam);
        assertThat(text("who")).isEqualTo("sam · scientist");
        Cookie session = browser.manage().getCookieNamed("sciloop_session");
        assertThat(session.isSecure()).as("Secure on HTTPS").isTrue();
        assertThat(session.isHttpOnly()).as("out of the page's JavaScript's reach").isTrue();
        assertThat(session.getSameSite()).isEqualTo("Strict");

        // A scientist submits arylation and watches the convergence plot gain points while it runs.
        new Select(browser.findElement(By.id("scenario"))).selectByVisibleText("arylation");
        type("budget", "40");
        type("batch", "2");
        click("submit");
        waitFor(Duration.ofSeconds(30), () -> browser.getCurrentUrl().matches(".*/campaigns/c[0-9a-z]+$"));
        String arylation = browser.getCurrentUrl().replaceAll(".*/campaigns/", "");
        Set<Integer> seen = new LinkedHashSet<>();
        boolean shotWhileRunning = false;
        long deadline = System.currentTimeMillis() + 300_000;
        while (!"finished".equals(stateShown())) {
            assertThat(System.currentTimeMillis()).as("arylation finished within 5 minutes, points seen: " + seen)
                    .isLessThan(deadline);
            String points = plotPoints();
            if (!points.isEmpty()) {
                seen.add(Integer.parseInt(points));
                if (!shotWhileRunning && Integer.parseInt(points) >= 10) {
                    shot("2-arylation-running");
                    shotWhileRunning = true;
                }
            }
            Thread.sleep(50);
        }
        // It may end before its budget: arylation stops once its target yield is reached.
        int run = count();
        assertThat(run).isBetween(10, 40);
        waitFor(Duration.ofSeconds(10), () -> String.valueOf(run).equals(plotPoints()));
        List<Integer> growth = new ArrayList<>(seen);
        assertThat(growth).as("the plot grew while the campaign ran, as the browser saw it").isSorted();
        assertThat(growth.stream().filter(n -> n > 0 && n < run).count()).as("points seen mid-run: " + growth)
                .isGreaterThanOrEqualTo(3);
        assertThat(browser.findElements(By.cssSelector("#plot canvas"))).isNotEmpty();
        assertThat(browser.findElements(By.cssSelector("#experiments tbody tr"))).hasSize(run);
        assertThat(fitsWidth()).as("no sideways scrolling at 1280 px").isTrue();
        shot("3-arylation-finished");

        // Submits arylation-opcua with approvals for every actuation, and a slow campaign on the same instrument.
        browser.get(base() + "/");
        new Select(browser.findElement(By.id("scenario"))).selectByVisibleText("arylation-opcua");
        new Select(browser.findElement(By.id("approval"))).selectByVisibleText("actuations");
        type("budget", "4");
        type("batch", "2");
        click("submit");
        waitFor(Duration.ofSeconds(30), () -> browser.getCurrentUrl().matches(".*/campaigns/c[0-9a-z]+$"));
        String approvals = browser.getCurrentUrl().replaceAll(".*/campaigns/", "");
        waitFor(Duration.ofSeconds(120), () -> "waiting".equals(stateShown()));
        browser.get(base() + "/");
        type("yaml", slowReactorScenario());
        click("submit");
        waitFor(Duration.ofSeconds(30), () -> browser.getCurrentUrl().matches(".*/campaigns/c[0-9a-z]+$"));
        String slow = browser.getCurrentUrl().replaceAll(".*/campaigns/", "");
        logOut();

        // The operator decides: a denial without a reason is refused in the page, then given one.
        logIn(olga);
        browser.get(base() + "/campaigns/" + approvals);
        waitFor(Duration.ofSeconds(30), () -> waitingForApproval().size() == 2);
        List<String> waiting = waitingForApproval();
        String first = waiting.get(0);
        String second = waiting.get(1);
        ((JavascriptExecutor) browser).executeScript("document.getElementById('approvals').scrollIntoView()");
        shot("4-approvals");
        click("deny-" + second);
        waitFor(Duration.ofSeconds(5), () -> text("message").contains("give a reason first"));
        type("reason-" + first, "inside the reactor's limits");
        click("approve-" + first);
        waitFor(Duration.ofSeconds(60), () -> browser.findElements(By.id("approve-" + first)).isEmpty());
        type("reason-" + second, "too close to the boiling point");
        click("deny-" + second);
        waitFor(Duration.ofSeconds(60), () -> browser.findElements(By.id("deny-" + second)).isEmpty());
        waitFor(Duration.ofSeconds(60), () -> text("message").startsWith("Deny:"));
        assertThat(text("message")).contains("recording " + second + " as denied by olga");

        // Pause, resume and stop the slow campaign on the instrument, each with a reason.
        browser.get(base() + "/campaigns/" + slow);
        waitFor(Duration.ofSeconds(120), () -> "running".equals(stateShown()) && count() >= 2);
        type("control-reason", "checking the reactor's seals");
        click("pause");
        waitFor(Duration.ofSeconds(60), () -> "paused".equals(stateShown()));
        int atPause = count();
        shot("5-paused");
        click("resume");
        waitFor(Duration.ofSeconds(60), () -> count() > atPause);
        type("control-reason", "enough for today");
        click("stop");
        waitFor(Duration.ofSeconds(60), () -> "finished".equals(stateShown()));

        // On a tablet the same pages work without sideways scrolling.
        browser.manage().window().setSize(new Dimension(820, 1180));
        browser.get(base() + "/campaigns/" + arylation);
        waitFor(Duration.ofSeconds(10), () -> !browser.findElements(By.cssSelector("#plot canvas")).isEmpty());
        assertThat(fitsWidth()).as("no sideways scrolling at 820 px").isTrue();
        shot("6-tablet-campaign");
        browser.get(base() + "/");
        assertThat(fitsWidth()).isTrue();
        shot("7-tablet-campaigns");

        // Every click is on the campaign's trace, with the user who made it.
        List<JsonNode> arylationTrace = trace(arylation);
        assertThat(arylationTrace.get(0).get("actor").asText()).isEqualTo("person:sam");
        List<JsonNode> decided = trace(approvals).stream().filter(l -> eventType(l).equals("ApprovalDecided")).toList();
        assertThat(decided).hasSize(2).allMatch(l -> l.get("actor").asText().equals("person:olga"));
        assertThat(decided.get(0).get("experimentId").asText()).isEqualTo(first);
        assertThat(decided.get(0).get("approved").asBoolean()).isTrue();
        assertThat(decided.get(0).get("reason").asText()).isEqualTo("inside the reactor's limits");
        assertThat(decided.get(1).get("approved").asBoolean()).isFalse();
        assertThat(decided.get(1).get("reason").asText()).isEqualTo("too close to the boiling point");
        assertThat(trace(approvals).stream().filter(l -> eventType(l).equals("PersonSigned"))
                .filter(l -> l.get("person").asText().equals("olga"))).hasSize(2);
        List<JsonNode> slowTrace = trace(slow);
        assertThat(slowTrace.get(0).get("actor").asText()).isEqualTo("person:sam");
        assertThat(slowTrace.stream().filter(l -> eventType(l).equals("CampaignPaused")).map(l -> l
                .get("reason").asText())).anyMatch(r -> r.contains("paused by olga")
                && r.contains("checking the reactor's seals"));
        assertThat(slowTrace.stream().filter(l -> eventType(l).equals("CampaignResumed"))
                .map(l -> l.get("actor").asText())).contains("person:olga");
        assertThat(slowTrace.get(slowTrace.size() - 2).toString()).contains("olga", "enough for today");
        JsonNode verified = get("/api/campaigns/" + approvals + "/verify", user(admin, "eve", "evaluator"));
        assertThat(verified.get("verified").asBoolean()).as(verified.toString()).isTrue();
    }

    // --- the browser ---

    private WebDriver chromium() {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage",
                "--ignore-certificate-errors", "--window-size=1280,900");
        ChromeDriverService driver = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile())
                .usingAnyFreePort().build();
        return new ChromeDriver(driver, options);
    }

    private void logIn(String token) {
        browser.get(base() + "/login");
        type("token", token);
        click("log-in");
        waitFor(Duration.ofSeconds(10), () -> !browser.findElements(By.id("who")).isEmpty());
    }

    private void logOut() {
        browser.get(base() + "/");
        click("log-out");
        waitFor(Duration.ofSeconds(10), () -> browser.getCurrentUrl().contains("/login"));
    }

    /** Clicks an element, found again if the page swapped it meanwhile. */
    private void click(String id) {
        waitFor(Duration.ofSeconds(10), () -> {
            browser.findElement(By.id(id)).click();
            return true;
        });
    }

    private void type(String id, String text) {
        waitFor(Duration.ofSeconds(10), () -> {
            browser.findElement(By.id(id)).sendKeys(text);
            return true;
        });
    }

    // Read in one script: the live part of a page is swapped whole, so an element found may be gone a moment later.

    private String stateShown() {
        return text("state");
    }

    private int count() {
        String count = text("count");
        return count.isEmpty() ? 0 : Integer.parseInt(count);
    }

    @SuppressWarnings("unchecked")
    private List<String> waitingForApproval() {
        return (List<String>) ((JavascriptExecutor) browser).executeScript(
                "return [...document.querySelectorAll('#approvals tbody tr')].map(r => r.dataset.id)");
    }

    private String plotPoints() {
        return (String) ((JavascriptExecutor) browser).executeScript(
                "return document.getElementById('plot')?.dataset.points ?? ''");
    }

    private String text(String id) {
        return (String) ((JavascriptExecutor) browser).executeScript(
                "return document.getElementById(arguments[0])?.textContent.trim() ?? ''", id);
    }

    private boolean fitsWidth() {
        return (Boolean) ((JavascriptExecutor) browser).executeScript(
                "return document.documentElement.scrollWidth <= window.innerWidth");
    }

    private void waitFor(Duration timeout, java.util.function.BooleanSupplier condition) {
        try {
            // An element swapped out under the driver (the live part is re-rendered whole) is looked for again.
            new WebDriverWait(browser, timeout, Duration.ofMillis(100))
                    .ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                    .ignoring(org.openqa.selenium.ElementNotInteractableException.class)
                    .until(d -> condition.getAsBoolean());
        } catch (org.openqa.selenium.TimeoutException e) {
            fail("waited " + timeout.toSeconds() + " s on " + browser.getCurrentUrl() + "; the page said: "
                    + text("message") + "; state " + stateShown(), e);
        }
    }

    private void shot(String name) throws Exception {
        Files.copy(((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath(), SHOTS.resolve(name + ".png"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    // --- the service, over HTTPS with a certificate made for the test ---

    private String startOverHttps() throws Exception {
        Path cert = dir.resolve("cert.pem");
        Path key = dir.resolve("key.pem");
        Process openssl = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout",
                key.toString(), "-out", cert.toString(), "-days", "2", "-subj", "/CN=127.0.0.1", "-addext",
                "subjectAltName=IP:127.0.0.1").redirectErrorStream(true).start();
        String said = new String(openssl.getInputStream().readAllBytes());
        assertThat(openssl.waitFor()).as(said).isZero();
        StringWriter out = new StringWriter();
        service = LabService.start(new LabService.Settings("127.0.0.1", 0, dir.resolve("data"), null, 3,
                Duration.ofDays(30), cert, key, Executor.LOCAL, "test",
                ServeCommand.yamlToolsByDefault()), new ServeCommand.Commands(), Clock.systemUTC(),
                new PrintWriter(out, true));
        assertThat(out.toString()).contains("open https://127.0.0.1:");
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        try (InputStream in = Files.newInputStream(cert)) {
            trusted.setCertificateEntry("test", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, trust.getTrustManagers(), null);
        api = HttpClient.newBuilder().sslContext(tls).build();
        Matcher token = Pattern.compile("(slt_[A-Za-z0-9_-]+)").matcher(out.toString());
        assertThat(token.find()).isTrue();
        return token.group(1);
    }

    private String base() {
        return "https://127.0.0.1:" + service.port();
    }

    private String user(String admin, String name, String role) throws Exception {
        post("/api/users", admin, "{\"name\": \"" + name + "\", \"role\": \"" + role + "\"}");
        return post("/api/users/" + name + "/tokens", admin, "{}").get("token").asText();
    }

    private JsonNode post(String path, String token, String body) throws Exception {
        HttpResponse<String> r = api.send(HttpRequest.newBuilder(URI.create(base() + path))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return JSON.readTree(r.body());
    }

    private JsonNode get(String path, String token) throws Exception {
        HttpResponse<String> r = api.send(HttpRequest.newBuilder(URI.create(base() + path))
                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    private List<JsonNode> trace(String id) throws Exception {
        List<JsonNode> lines = new ArrayList<>();
        for (String line : Files.readAllLines(dir.resolve("data/campaigns/" + id + "/run/trace.jsonl"))) {
            lines.add(JSON.readTree(line));
        }
        return lines;
    }

    private static String eventType(JsonNode line) {
        return line.path("type").asText();
    }

    /** arylation-opcua whose reactor takes 0.5 s a run, 200 runs and no target: long enough to pause from a page. */
    private static String slowReactorScenario() throws Exception {
        Path scenarios = Path.of("..", "scenarios").toAbsolutePath().normalize();
        return Files.readString(scenarios.resolve("arylation-opcua.yaml"))
                .replace("name: arylation-opcua", "name: arylation-slow-reactor")
                .replace("profile: instruments/", "profile: " + scenarios.resolve("instruments") + File.separator)
                .replace("run-time: PT0.05S", "run-time: PT0.5S").replace("  target: 99\n", "")
                .replace("experiments: 50", "experiments: 200").replace("batch: 5", "batch: 1");
    }
}
