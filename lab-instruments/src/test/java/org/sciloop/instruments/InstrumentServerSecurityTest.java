package org.sciloop.instruments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sciloop.instruments.client.DeviceException;
import org.sciloop.instruments.client.InstrumentClient.Login;
import org.sciloop.instruments.client.InstrumentClient;
import org.sciloop.instruments.security.Pki;
import org.sciloop.instruments.sim.InstrumentServer;

/** The simulated server's security, exercised by a real Milo client over loopback. */
class InstrumentServerSecurityTest {
    @TempDir
    static Path dir;
    static ReactorFixture fixture;

    @BeforeAll
    static void serve() {
        fixture = new ReactorFixture(dir, Duration.ofMillis(50), false);
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    private static Login user(String password) {
        return new Login("Basic256Sha256", "SignAndEncrypt", Optional.of(ReactorFixture.USER), Optional.of(password));
    }

    @Test
    void aTrustedClientWithTheRightPasswordRunsTheReactor() throws Exception {
        try (InstrumentClient client = InstrumentClient.connect(fixture.endpoint(), user(ReactorFixture.PASSWORD),
                fixture.clientPki)) {
            client.write(ReactorFixture.NS + "Setpoints/Temp_C", "Double", 110.0);
            client.write(ReactorFixture.NS + "Setpoints/Solvent", "String", "toluene");
            client.call(ReactorFixture.NS + "StateMachine", ReactorFixture.NS + "StateMachine/Start",
                    List.of(Variant.ofString("req-1")));
            assertThat(client.read(ReactorFixture.NS + "StateMachine/RequestId")).isEqualTo("req-1");
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (!"Complete".equals(client.read(ReactorFixture.NS + "StateMachine/CurrentState"))
                    && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            assertThat(client.read(ReactorFixture.NS + "Results/yield")).isEqualTo(90.0);
        }
    }

    @Test
    void aWrongPasswordIsRejectedAndTheServerSaysSo() {
        List<String> told = new CopyOnWriteArrayList<>();
        fixture.server.reportRefusalsTo(told::add);
        assertThatThrownBy(() -> InstrumentClient.connect(fixture.endpoint(), user("guess"), fixture.clientPki))
                .isInstanceOf(DeviceException.class)
                .hasMessageContaining("Bad_UserAccessDenied")
                .hasMessageContaining("check the user name and password")
                .satisfies(e -> assertThat(((DeviceException) e).refused()).contains(DeviceException.Refused.LOGIN));
        assertThat(told).containsExactly("refused the login of user '" + ReactorFixture.USER
                + "': unknown user or wrong password");
    }

    @Test
    void aWrongPathIsCalledAWrongPathNotAnUnreachableServer() {
        String wrong = fixture.endpoint().replace(InstrumentServer.PATH, "/nope");
        assertThatThrownBy(() -> InstrumentClient.connect(wrong, user(ReactorFixture.PASSWORD), fixture.clientPki))
                .isInstanceOf(DeviceException.class)
                .hasMessage("cannot reach " + wrong + ": Bad_TcpEndpointUrlInvalid: the server at this address"
                        + " answered, but has no endpoint at this path; use the endpoint URL the server publishes (a"
                        + " sciloop-served instrument prints it when it starts, e.g. opc.tcp://HOST:PORT/sciloop)")
                .satisfies(e -> assertThat(((DeviceException) e).refused())
                        .contains(DeviceException.Refused.ENDPOINT_PATH));
    }

    @Test
    void anAnonymousClientIsRejectedOnASecureServer() {
        assertThatThrownBy(() -> InstrumentClient.connect(fixture.endpoint(),
                Login.anonymous("Basic256Sha256", "SignAndEncrypt"), fixture.clientPki))
                .isInstanceOf(DeviceException.class)
                .hasMessageContaining("cannot open a session");
        assertThatThrownBy(() -> InstrumentClient.connect(fixture.endpoint(), Login.anonymous("None", "None"),
                fixture.clientPki))
                .isInstanceOf(DeviceException.class)
                .hasMessageContaining("offer no endpoint with this security policy and mode");
    }

    @Test
    void anUntrustedClientCertificateIsRejectedQuarantinedAndToldOnce() throws Exception {
        List<String> told = new CopyOnWriteArrayList<>();
        fixture.server.reportRefusalsTo(told::add);
        Pki stranger = Pki.open(dir.resolve("stranger-pki"), "urn:sciloop:test:stranger", "stranger");
        stranger.trust(fixture.serverPki.certificate());
        for (int attempt = 0; attempt < 2; attempt++) {
            assertThatThrownBy(() -> InstrumentClient.connect(fixture.endpoint(), user(ReactorFixture.PASSWORD), stranger))
                    .isInstanceOf(DeviceException.class)
                    .hasMessageContaining("cannot open a session")
                    // This side trusts the server: the message must not send anyone to our rejected folder.
                    .hasMessageNotContaining(stranger.rejectedCerts().toString())
                    .hasMessageContaining("unless the server trusts sciloop's certificate");
        }
        try (var rejected = Files.list(fixture.serverPki.rejectedCerts())) {
            assertThat(rejected).isNotEmpty();
        }
        assertThat(told).hasSize(1).first().asString().contains("turned away the certificate of O=sciloop,CN=stranger",
                "move it from " + fixture.serverPki.rejectedCerts() + " to " + fixture.serverPki.trustedCerts());
    }

    @Test
    void aServerCertificateThisSideDoesNotTrustIsNamedWhereItLies() {
        Pki wary = Pki.open(dir.resolve("wary-pki"), "urn:sciloop:test:wary", "wary");
        fixture.serverPki.trust(wary.certificate());
        assertThatThrownBy(() -> InstrumentClient.connect(fixture.endpoint(), user(ReactorFixture.PASSWORD), wary))
                .isInstanceOf(DeviceException.class)
                .hasMessageContaining("this machine does not trust the server's certificate yet: it is in "
                        + wary.rejectedCerts())
                .hasMessageContaining("move it to " + wary.trustedCerts());
    }
}
