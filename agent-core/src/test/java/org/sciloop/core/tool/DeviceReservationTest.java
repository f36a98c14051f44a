package org.sciloop.core.tool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.sciloop.core.InUseException;

/** A device is one campaign's at a time, in this process too (another process: OneCampaignPerDeviceTest). */
class DeviceReservationTest {

    @Test
    void aReservedDeviceIsRefusedNamingItsHolderUntilItIsReleased() {
        String device = "opc.tcp://test-device-" + UUID.randomUUID() + ":4840";
        try (DeviceReservation first = DeviceReservation.take(device)) {
            first.describe("campaign c-1 (/runs/r1/trace.jsonl)");

            assertThatThrownBy(() -> DeviceReservation.take(device)).isInstanceOf(InUseException.class)
                    .hasMessageContaining(device + " is reserved by campaign c-1 (/runs/r1/trace.jsonl), process "
                            + ProcessHandle.current().pid());
            assertThat(first.holder()).startsWith("campaign c-1");
        }
        try (DeviceReservation again = DeviceReservation.take(device)) {
            assertThat(again.device()).isEqualTo(device);
        }
    }
}
