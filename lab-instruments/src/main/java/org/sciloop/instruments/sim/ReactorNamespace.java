package org.sciloop.instruments.sim;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.eclipse.milo.opcua.sdk.core.AccessLevel;
import org.eclipse.milo.opcua.sdk.core.Reference;
import org.eclipse.milo.opcua.sdk.core.ValueRanks;
import org.eclipse.milo.opcua.sdk.server.ManagedNamespaceWithLifecycle;
import org.eclipse.milo.opcua.sdk.server.OpcUaServer;
import org.eclipse.milo.opcua.sdk.server.items.DataItem;
import org.eclipse.milo.opcua.sdk.server.items.MonitoredItem;
import org.eclipse.milo.opcua.sdk.server.methods.AbstractMethodInvocationHandler;
import org.eclipse.milo.opcua.sdk.server.nodes.UaMethodNode;
import org.eclipse.milo.opcua.sdk.server.nodes.UaObjectNode;
import org.eclipse.milo.opcua.sdk.server.nodes.UaVariableNode;
import org.eclipse.milo.opcua.sdk.server.nodes.filters.AttributeFilter;
import org.eclipse.milo.opcua.sdk.server.nodes.filters.AttributeFilterContext;
import org.eclipse.milo.opcua.sdk.server.util.SubscriptionModel;
import org.eclipse.milo.opcua.stack.core.AttributeId;
import org.eclipse.milo.opcua.stack.core.NodeIds;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.eclipse.milo.opcua.stack.core.types.structured.Argument;
import org.sciloop.core.space.Parameter;

/**
 * The address space of a {@link SimulatedReactor}, after the LADS companion specification's shape:
 * {@code Objects/FlowReactor} (the device) → {@code ReactionUnit} (its functional unit) → a
 * {@code StateMachine} (CurrentState, RequestId, Message; methods Start(RequestId), Stop, Abort), a
 * {@code Setpoints} object (one writable variable per input) and a {@code Results} object (one variable
 * per output). Node ids are strings in {@link #URI}, e.g.
 * {@code nsu=urn:sciloop:simulated-instrument;s=FlowReactor/ReactionUnit/StateMachine/Start}.
 */
final class ReactorNamespace extends ManagedNamespaceWithLifecycle {
    static final String URI = "urn:sciloop:simulated-instrument";
    static final String UNIT = "FlowReactor/ReactionUnit";
    static final String STATE_MACHINE = UNIT + "/StateMachine";

    private final SimulatedReactor reactor;
    private final SubscriptionModel subscriptions;
    // Each published variable with where its value comes from on the device.
    private final Map<UaVariableNode, Supplier<?>> published = new LinkedHashMap<>();

    ReactorNamespace(OpcUaServer server, SimulatedReactor reactor) {
        super(server, URI);
        this.reactor = reactor;
        this.subscriptions = new SubscriptionModel(server, this);
        getLifecycleManager().addLifecycle(subscriptions);
        getLifecycleManager().addStartupTask(this::build);
    }

    private void build() {
        UaObjectNode device = object("FlowReactor", null);
        device.addReference(new Reference(device.getNodeId(), NodeIds.Organizes, NodeIds.ObjectsFolder.expanded(),
                false));
        method(device, "Ping", "Answers at once and changes nothing: for checking the link.",
                new Argument[] {new Argument("RequestId", NodeIds.String, ValueRanks.Scalar, null,
                        LocalizedText.english("any text"))}, in -> { });
        UaObjectNode unit = object(UNIT, device);
        UaObjectNode machine = object(STATE_MACHINE, unit);
        variable(machine, "CurrentState", NodeIds.String, false, () -> reactor.state().name());
        variable(machine, "RequestId", NodeIds.String, false, reactor::lastRequestId);
        variable(machine, "Message", NodeIds.String, false, reactor::message);
        method(machine, "Start", "Starts a run with the current setpoints; the request id is echoed in RequestId.",
                new Argument[] {new Argument("RequestId", NodeIds.String, ValueRanks.Scalar, null,
                        LocalizedText.english("the caller's id of this run"))},
                in -> reactor.start((String) in[0].value()));
        method(machine, "Stop", "Ends the run early.", new Argument[0], in -> reactor.stop());
        method(machine, "Abort", "Ends the run at once.", new Argument[0], in -> reactor.abort());

        UaObjectNode setpoints = object(UNIT + "/Setpoints", unit);
        for (Parameter p : reactor.inputs().parameters()) {
            boolean text = p instanceof Parameter.Categorical;
            UaVariableNode node = variable(setpoints, p.name(), text ? NodeIds.String : NodeIds.Double, true,
                    () -> reactor.setpoint(p.name()));
            // A client's write goes to the device, which publishes the value back through refresh().
            node.getFilterChain().addLast(new AttributeFilter() {
                @Override
                public void writeAttribute(AttributeFilterContext ctx, AttributeId id, Object value)
                        throws UaException {
                    if (id == AttributeId.Value) {
                        write(p, (DataValue) value);
                    } else {
                        ctx.writeAttribute(id, value);
                    }
                }
            });
        }
        UaObjectNode results = object(UNIT + "/Results", unit);
        for (String output : reactor.outputs()) {
            variable(results, output, NodeIds.Double, false, () -> reactor.result(output));
        }
        reactor.onChange(r -> refresh());
        refresh();
    }

    private void write(Parameter p, DataValue value) throws UaException {
        Object v = value.value().value();
        boolean text = p instanceof Parameter.Categorical;
        if (text ? !(v instanceof String) : !(v instanceof Number)) {
            throw new UaException(StatusCodes.Bad_TypeMismatch, p.name() + " takes a " + (text ? "String" : "Double"));
        }
        try {
            reactor.setSetpoint(p.name(), text ? v : ((Number) v).doubleValue());
        } catch (SimulatedReactor.InvalidState e) {
            throw new UaException(StatusCodes.Bad_InvalidState, e.getMessage());
        }
    }

    /** Copies the device's state into the variables, so reads and subscriptions see it. */
    private synchronized void refresh() {
        published.forEach((node, source) -> {
            Object v = source.get();
            Variant variant = v instanceof Double d ? Variant.ofDouble(d) : Variant.ofString(String.valueOf(v));
            if (!variant.equals(node.getValue().value())) {
                node.setValue(new DataValue(variant));
            }
        });
    }

    private UaObjectNode object(String path, UaObjectNode parent) {
        String name = path.substring(path.lastIndexOf('/') + 1);
        UaObjectNode node = UaObjectNode.builder(getNodeContext())
                .setNodeId(newNodeId(path))
                .setBrowseName(newQualifiedName(name))
                .setDisplayName(LocalizedText.english(name))
                .setTypeDefinition(NodeIds.BaseObjectType)
                .build();
        getNodeManager().addNode(node);
        if (parent != null) {
            parent.addComponent(node);
        }
        return node;
    }

    private UaVariableNode variable(UaObjectNode parent, String name, NodeId type, boolean writable,
                                    Supplier<?> source) {
        String path = parent.getNodeId().getIdentifier() + "/" + name;
        UaVariableNode node = new UaVariableNode.UaVariableNodeBuilder(getNodeContext())
                .setNodeId(newNodeId(path))
                .setAccessLevel(writable ? AccessLevel.READ_WRITE : AccessLevel.READ_ONLY)
                .setUserAccessLevel(writable ? AccessLevel.READ_WRITE : AccessLevel.READ_ONLY)
                .setBrowseName(newQualifiedName(name))
                .setDisplayName(LocalizedText.english(name))
                .setDataType(type)
                .setTypeDefinition(NodeIds.BaseDataVariableType)
                .build();
        node.setValue(new DataValue(type.equals(NodeIds.Double) ? Variant.ofDouble(Double.NaN) : Variant.ofString("")));
        getNodeManager().addNode(node);
        parent.addComponent(node);
        published.put(node, source);
        return node;
    }

    private interface Body {
        void run(Variant[] inputs);
    }

    private void method(UaObjectNode parent, String name, String description, Argument[] inputs, Body body) {
        UaMethodNode node = UaMethodNode.builder(getNodeContext())
                .setNodeId(newNodeId(parent.getNodeId().getIdentifier() + "/" + name))
                .setBrowseName(newQualifiedName(name))
                .setDisplayName(LocalizedText.english(name))
                .setDescription(LocalizedText.english(description))
                .build();
        AbstractMethodInvocationHandler handler = new AbstractMethodInvocationHandler(node) {
            @Override
            public Argument[] getInputArguments() {
                return inputs;
            }

            @Override
            public Argument[] getOutputArguments() {
                return new Argument[0];
            }

            @Override
            protected Variant[] invoke(InvocationContext context, Variant[] values) throws UaException {
                try {
                    body.run(values);
                } catch (SimulatedReactor.InvalidState e) {
                    throw new UaException(StatusCodes.Bad_InvalidState, e.getMessage());
                } catch (IllegalArgumentException e) {
                    throw new UaException(StatusCodes.Bad_InvalidArgument, e.getMessage());
                }
                return new Variant[0];
            }
        };
        node.setInputArguments(inputs);
        node.setOutputArguments(new Argument[0]);
        node.setInvocationHandler(handler);
        getNodeManager().addNode(node);
        parent.addComponent(node);
    }

    @Override
    public void onDataItemsCreated(List<DataItem> items) {
        subscriptions.onDataItemsCreated(items);
    }

    @Override
    public void onDataItemsModified(List<DataItem> items) {
        subscriptions.onDataItemsModified(items);
    }

    @Override
    public void onDataItemsDeleted(List<DataItem> items) {
        subscriptions.onDataItemsDeleted(items);
    }

    @Override
    public void onMonitoringModeChanged(List<MonitoredItem> items) {
        subscriptions.onMonitoringModeChanged(items);
    }
}
