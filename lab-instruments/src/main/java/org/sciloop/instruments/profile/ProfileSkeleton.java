package org.sciloop.instruments.profile;

import java.util.List;
import org.eclipse.milo.opcua.stack.core.types.enumerated.NodeClass;
import org.sciloop.instruments.client.AddressSpaceBrowser.Entry;

/**
 * A first draft of an instrument profile from a browsed address space: each method becomes an action,
 * with every writable variable as a candidate setpoint and every read-only number as a candidate result.
 * An operator deletes what does not belong, sets the limits and the completion condition; the draft
 * says where with {@code TODO}.
 */
public final class ProfileSkeleton {
    private ProfileSkeleton() {
    }

    public static String of(String name, String endpoint, String policy, String mode, List<Entry> entries) {
        StringBuilder y = new StringBuilder();
        y.append("# Drafted by 'sciloop instrument browse'. Keep what an action needs, set the limits, check the\n")
                .append("# completion condition; see docs/instrument-profiles.md.\n")
                .append("name: ").append(name).append('\n')
                .append("endpoint: ").append(endpoint).append('\n')
                .append("security:\n  policy: ").append(policy).append("\n  mode: ").append(mode).append('\n')
                .append("  # username: operator\n  # password-env: SCILOOP_OPCUA_PASSWORD\n")
                .append("interlocks: []   # TODO: e.g. - {node: <state variable>, allowed: [Idle]}\n")
                .append("actions:\n");
        List<Entry> methods = entries.stream().filter(e -> e.kind() == NodeClass.Method).toList();
        List<Entry> writable = entries.stream().filter(e -> e.kind() == NodeClass.Variable && e.writable()).toList();
        List<Entry> readable = entries.stream().filter(e -> e.kind() == NodeClass.Variable && !e.writable()
                && List.of("Double", "Float", "Int32", "Int16", "UInt32").contains(e.dataType())).toList();
        if (methods.isEmpty()) {
            y.append("  read:\n    effect: read-only\n    results:\n");
            readable.forEach(r -> y.append("      ").append(key(r)).append(": \"").append(r.nodeId()).append("\"\n"));
            return y.toString();
        }
        for (Entry m : methods) {
            y.append("  ").append(key(m).toLowerCase()).append(":\n")
                    .append("    description: ").append(m.path()).append('\n')
                    .append("    effect: actuates\n");
            if (!writable.isEmpty()) {
                y.append("    setpoints:   # TODO: keep the ones this action uses; add min/max\n");
                writable.forEach(w -> y.append("      ").append(key(w)).append(": {node: \"").append(w.nodeId())
                        .append("\", type: ").append(w.dataType()).append("}\n"));
            }
            y.append("    call:\n      object: \"").append(m.parentId()).append("\"\n      method: \"")
                    .append(m.nodeId()).append("\"\n      arguments:");
            if (m.inputArguments().isEmpty()) {
                y.append(" []\n");
            } else {
                y.append('\n');
                for (String a : m.inputArguments()) {
                    String[] nameType = a.split(": ", 2);
                    y.append("        - {name: ").append(nameType[0]).append(", type: ").append(nameType[1])
                            .append(", value: \"${request-id}\"}   # TODO: or a literal\n");
                }
            }
            y.append("    # request-echo: <variable where the device echoes the request id>\n")
                    .append("    # completion: {node: <state variable>, equals: Complete, fails-on: [Aborted],"
                            + " timeout: PT10M}\n");
            if (!readable.isEmpty()) {
                y.append("    results:     # TODO: keep the outcomes of this action\n");
                readable.forEach(r -> y.append("      ").append(key(r)).append(": \"").append(r.nodeId())
                        .append("\"\n"));
            }
        }
        return y.toString();
    }

    private static String key(Entry e) {
        String last = e.path().substring(e.path().lastIndexOf('/') + 1);
        return last.replaceAll("[^A-Za-z0-9_]", "_");
    }
}
