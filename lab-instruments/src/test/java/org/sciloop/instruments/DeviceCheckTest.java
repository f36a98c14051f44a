package org.sciloop.instruments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sciloop.core.config.ScenarioException;
import org.sciloop.core.config.ScenarioLocation;
import org.sciloop.core.tool.Actuator;
import org.sciloop.instruments.profile.InstrumentProfile;

/**
 * A profile that does not fit its device is refused before anything is written to it: every node is
 * checked on a real Milo server (exists, kind, type, access), and every problem is named at its line.
 */
class DeviceCheckTest {
    @TempDir
    Path dir;
    ReactorFixture fixture;

    @BeforeEach
    void serve() {
        fixture = new ReactorFixture(dir, Duration.ofMillis(50), false);
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    @Test
    void theFixturesProfileFitsItsDevice() {
        try (Actuator tool = fixture.tool()) {
            tool.connect();
        }
    }

    @Test
    void everyNodeThatDoesNotFitIsNamedAtItsLineAndNothingIsWritten() {
        String broken = ReactorFixture.PROFILE
                // line 4: an interlock on a node the device lacks
                .replace("StateMachine/CurrentState\n    allowed", "StateMachine/CurentState\n    allowed")
                // line 10: a Double written to a String variable
                .replace("Solvent: {node: \"" + ReactorFixture.NS + "Setpoints/Solvent\", type: String}",
                        "Solvent: {node: \"" + ReactorFixture.NS + "Setpoints/Solvent\", type: Double}")
                // line 13: a variable where a method should be
                .replace("method: " + ReactorFixture.NS + "StateMachine/Start",
                        "method: " + ReactorFixture.NS + "StateMachine/RequestId")
                // line 24: a result that holds no number
                .replace("yield: " + ReactorFixture.NS + "Results/yield", "yield: " + ReactorFixture.NS
                        + "Setpoints/Solvent");
        try (Actuator tool = fixture.tool(broken)) {
            assertThatThrownBy(tool::connect).isInstanceOf(ScenarioException.class)
                    .hasMessageContaining("nothing was written to it")
                    .hasMessageContaining("test-reactor.yaml:4: interlocks.0.node: the device has no node "
                            + ReactorFixture.NS + "StateMachine/CurentState (Bad_NodeIdUnknown)")
                    .hasMessageContaining("test-reactor.yaml:10: actions.run.setpoints.Solvent.node: "
                            + ReactorFixture.NS + "Setpoints/Solvent holds a String, but the profile writes a Double")
                    .hasMessageContaining("test-reactor.yaml:13: actions.run.call.method: " + ReactorFixture.NS
                            + "StateMachine/RequestId is a Variable, not a method")
                    .hasMessageContaining("test-reactor.yaml:24: actions.run.results.yield: " + ReactorFixture.NS
                            + "Setpoints/Solvent holds a String, not a number");
        }
        assertThat(fixture.reactor.setpoint("Temp_C")).isEqualTo(60.0);
        assertThat(fixture.reactor.lastRequestId()).isEmpty();
    }

    @Test
    void aResultTheUserCannotWriteIsNoSetpoint() {
        String broken = ReactorFixture.PROFILE.replace("Setpoints/Temp_C", "Results/yield");
        try (Actuator tool = fixture.tool(broken)) {
            assertThatThrownBy(tool::connect).isInstanceOf(ScenarioException.class)
                    .hasMessageContaining("test-reactor.yaml:9: actions.run.setpoints.Temp_C.node: the device does"
                            + " not let this user write " + ReactorFixture.NS + "Results/yield");
        }
    }

    @Test
    void aNodeIdThatIsNoNodeIdIsRefusedWhenTheProfileLoads() {
        String broken = ReactorFixture.PROFILE.replace("request-echo: " + ReactorFixture.NS,
                "request-echo: FlowReactor/");
        assertThatThrownBy(() -> InstrumentProfile.parse(broken, "test-reactor.yaml", new ScenarioLocation.BuiltIn("t")))
                .isInstanceOf(ScenarioException.class)
                .hasMessageContaining("test-reactor.yaml:16: actions.run.request-echo: 'FlowReactor/StateMachine/"
                        + "RequestId' is not a node id");
    }

    @Test
    void anEndpointPathTheServerDoesNotServeIsNamedAtTheProfilesLine() {
        try (Actuator tool = fixture.tool(ReactorFixture.PROFILE.replace("127.0.0.1:1/sciloop", "127.0.0.1:1/nope"))) {
            assertThatThrownBy(tool::connect).isInstanceOf(ScenarioException.class)
                    .hasMessageContaining("test-reactor.yaml:2: endpoint: cannot reach opc.tcp://127.0.0.1:")
                    .hasMessageContaining("/nope: Bad_TcpEndpointUrlInvalid: the server at this address answered, but"
                            + " has no endpoint at this path");
        }
    }

    @Test
    void aProfileThatIsNoMappingIsCalledAProfile() {
        assertThatThrownBy(() -> InstrumentProfile.parse("- endpoint: opc.tcp://localhost:4840\n", "list.yaml",
                new ScenarioLocation.BuiltIn("t")))
                .isInstanceOf(ScenarioException.class)
                .hasMessageContaining("list.yaml:1: an instrument profile is a mapping of keys")
                .hasMessageContaining("got a list")
                .hasMessageNotContaining("scenario");
    }

    @Test
    void anUnsetPasswordVariableIsNamedAtItsLine() {
        String profile = ReactorFixture.PROFILE.replace("interlocks:", """
                security:
                  username: operator
                  password-env: SCILOOP_TEST_SURELY_UNSET_VARIABLE
                interlocks:""");
        InstrumentProfile parsed = InstrumentProfile.parse(profile, "test-reactor.yaml", new ScenarioLocation.BuiltIn("t"));
        assertThatThrownBy(() -> parsed.security().password()).isInstanceOf(ScenarioException.class)
                .hasMessageContaining("test-reactor.yaml:5: security.password-env: the environment variable"
                        + " $SCILOOP_TEST_SURELY_UNSET_VARIABLE, which holds the password of operator, is not set");
    }
}
