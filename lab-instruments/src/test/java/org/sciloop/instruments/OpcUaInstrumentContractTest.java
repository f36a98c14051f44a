package org.sciloop.instruments;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.sciloop.core.contract.ActuatorContractTest;
import org.sciloop.core.tool.Tool;

/** The published actuator contract, on a profile's action driving the simulated reactor on a real Milo server. */
class OpcUaInstrumentContractTest extends ActuatorContractTest {
    @TempDir
    Path dir;
    private ReactorFixture fixture;

    @Override
    protected Tool newTool() {
        if (fixture == null) {
            fixture = new ReactorFixture(dir, Duration.ofMillis(50), false);
        }
        return fixture.tool();
    }

    @AfterEach
    void stopServer() {
        fixture.close();
    }

    @Override
    protected Map<String, Object> validArguments() {
        return Map.of("Temp_C", 105.0, "Solvent", "toluene");
    }

    @Override
    protected Object deviceActivity() {
        return Arrays.asList(fixture.reactor.state(), fixture.reactor.lastRequestId(),
                fixture.reactor.setpoint("Temp_C"), fixture.reactor.setpoint("Solvent"));
    }
}
