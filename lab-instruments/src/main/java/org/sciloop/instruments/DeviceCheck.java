package org.sciloop.instruments;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.eclipse.milo.opcua.stack.core.AttributeId;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.QualifiedName;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UByte;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UInteger;
import org.eclipse.milo.opcua.stack.core.types.enumerated.NodeClass;
import org.eclipse.milo.opcua.stack.core.types.enumerated.TimestampsToReturn;
import org.eclipse.milo.opcua.stack.core.types.structured.ReadValueId;
import org.sciloop.core.config.ScenarioException;
import org.sciloop.instruments.client.AddressSpaceBrowser;
import org.sciloop.instruments.client.DeviceException;
import org.sciloop.instruments.client.InstrumentClient;
import org.sciloop.instruments.profile.InstrumentProfile.NodeUse;
import org.sciloop.instruments.profile.InstrumentProfile;

/**
 * Checks a profile against its device before a campaign writes or actuates anything: every node the
 * interlocks and the campaign's action name exists, and is of the kind, type and access the profile uses
 * it for. A profile that names a node the device lacks would otherwise start runs whose results are then
 * lost. Every problem is collected, each at its line of the profile, so that one attempt shows them all.
 */
final class DeviceCheck {
    /** The built-in types a profile may name for a setpoint, by their numeric id in namespace 0. */
    private static final Map<String, Integer> TYPE_IDS = Map.of("Boolean", 1, "Int16", 4, "Int32", 6, "UInt32", 7,
            "Float", 10, "Double", 11, "String", 12);
    /** Built-in types that hold no number (a result must be a number). */
    private static final Set<Integer> NOT_NUMBERS = Set.of(1, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23);
    private static final int CURRENT_READ = 0x01;
    private static final int CURRENT_WRITE = 0x02;

    private DeviceCheck() {
    }

    /** Throws a {@link ScenarioException} listing every mismatch, or returns when the device fits the profile. */
    static void check(InstrumentProfile profile, InstrumentProfile.Action action, InstrumentClient client) {
        List<String> problems = new ArrayList<>();
        for (NodeUse use : profile.nodes()) {
            if (use.action().isEmpty() || use.action().get().equals(action.name())) {
                problem(use, client).ifPresent(p -> problems.add(use.declared().error(p).getMessage()));
            }
        }
        if (!problems.isEmpty()) {
            throw new ScenarioException("profile '" + profile.name() + "' does not fit the device at "
                    + client.endpoint() + "; nothing was written to it:\n  " + String.join("\n  ", problems));
        }
    }

    private static Optional<String> problem(NodeUse use, InstrumentClient client) {
        NodeId id;
        try {
            id = client.node(use.node());
        } catch (DeviceException e) {
            return Optional.of(e.getMessage());
        }
        List<DataValue> attributes = read(client, id, AttributeId.NodeClass, AttributeId.DataType,
                AttributeId.UserAccessLevel, AttributeId.UserExecutable);
        DataValue nodeClass = attributes.get(0);
        if (nodeClass.statusCode() != null && nodeClass.statusCode().isBad()) {
            return Optional.of("the device has no node " + use.node() + " ("
                    + InstrumentClient.statusName(nodeClass.statusCode()) + ")");
        }
        NodeClass kind = nodeClass(nodeClass.value().value());
        return switch (use.use()) {
            case OBJECT -> kind == NodeClass.Object ? Optional.empty()
                    : Optional.of(use.node() + " is a " + kind + ", not an object a method can be called on");
            case METHOD -> method(use, id, kind, attributes.get(3), client);
            case READ, RESULT, WRITE -> variable(use, kind, attributes.get(1), attributes.get(2));
        };
    }

    private static Optional<String> variable(NodeUse use, NodeClass kind, DataValue dataType, DataValue access) {
        if (kind != NodeClass.Variable) {
            return Optional.of(use.node() + " is a " + kind + ", not a variable");
        }
        int level = access.value().value() instanceof UByte b ? b.intValue() : 0;
        if ((level & CURRENT_READ) == 0) {
            return Optional.of("the device does not let this user read " + use.node());
        }
        if (use.use() == InstrumentProfile.Use.WRITE && (level & CURRENT_WRITE) == 0) {
            return Optional.of("the device does not let this user write " + use.node());
        }
        Optional<Integer> builtIn = dataType.value().value() instanceof NodeId t ? builtIn(t) : Optional.empty();
        if (builtIn.isEmpty()) {
            return Optional.empty();  // a structured or vendor type: the device has the last word when written
        }
        if (use.use() == InstrumentProfile.Use.RESULT && NOT_NUMBERS.contains(builtIn.get())) {
            return Optional.of(use.node() + " holds a " + AddressSpaceBrowser.typeName(builtIn.get())
                    + ", not a number");
        }
        Integer expected = TYPE_IDS.get(use.type());
        if (use.use() == InstrumentProfile.Use.WRITE && expected != null && builtIn.get() <= 15
                && !expected.equals(builtIn.get())) {
            return Optional.of(use.node() + " holds a " + AddressSpaceBrowser.typeName(builtIn.get())
                    + ", but the profile writes a " + use.type());
        }
        return Optional.empty();
    }

    private static Optional<String> method(NodeUse use, NodeId id, NodeClass kind, DataValue executable,
                                           InstrumentClient client) {
        if (kind != NodeClass.Method) {
            return Optional.of(use.node() + " is a " + kind + ", not a method");
        }
        if (!Boolean.TRUE.equals(executable.value().value())) {
            return Optional.of("the device does not let this user call " + use.node());
        }
        int takes = new AddressSpaceBrowser(client, 1).inputArguments(id).size();
        return takes == use.arguments() ? Optional.empty() : Optional.of(use.node() + " takes " + takes
                + " argument(s); the profile gives " + use.arguments());
    }

    private static List<DataValue> read(InstrumentClient client, NodeId id, AttributeId... attributes) {
        List<ReadValueId> reads = new ArrayList<>();
        for (AttributeId a : attributes) {
            reads.add(new ReadValueId(id, a.uid(), null, QualifiedName.NULL_VALUE));
        }
        try {
            return List.of(client.milo().read(0, TimestampsToReturn.Neither, reads).getResults());
        } catch (UaException e) {
            throw DeviceException.of("reading the attributes of " + id.toParseableString(), e);
        }
    }

    private static NodeClass nodeClass(Object value) {
        if (value instanceof NodeClass c) {
            return c;
        }
        return value instanceof Number n ? NodeClass.from(n.intValue()) : NodeClass.Unspecified;
    }

    private static Optional<Integer> builtIn(NodeId type) {
        return type.getNamespaceIndex().intValue() == 0 && type.getIdentifier() instanceof UInteger i
                ? Optional.of(i.intValue()) : Optional.empty();
    }
}
