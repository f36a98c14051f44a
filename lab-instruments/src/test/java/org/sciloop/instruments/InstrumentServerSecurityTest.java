package org.sciloop.instruments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sciloop.instruments.client.DeviceException;
import org.sciloop.instruments.client.InstrumentClient.Login;
import org.sciloop.instruments.client.InstrumentClient;
import org.sciloop.instruments.security.Pki;

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
    void aWrongPasswordIsRejected() {
        assertThatThrownBy(() -> InstrumentClient.connect(fixture.endpoint(), user("guess"), fixture.clientPki))
                .isInstanceOf(DeviceException.class)
                .hasMessageContaining("Bad_UserAccessDenied")
                .hasMessageContaining("check the user name and password");
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
    void anUntrustedClientCertificateIsRejectedAndQuarantined() throws Exception {
        Pki stranger = Pki.open(dir.resolve("stranger-pki"), "urn:sciloop:test:stranger", "stranger");
        stranger.trust(fixture.serverPki.certificate());
        assertThatThrownBy(() -> InstrumentClient.connect(fixture.endpoint(), user(ReactorFixture.PASSWORD), stranger))
                .isInstanceOf(DeviceException.class)
                .hasMessageContaining("cannot open a session");
        try (var rejected = Files.list(fixture.serverPki.rejectedCerts())) {
            assertThat(rejected).isNotEmpty();
        }
    }
}
