package org.sciloop.instruments.client;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.milo.opcua.stack.core.AttributeId;
import org.eclipse.milo.opcua.stack.core.NodeIds;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.QualifiedName;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UByte;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UInteger;
import org.eclipse.milo.opcua.stack.core.types.enumerated.BrowseDirection;
import org.eclipse.milo.opcua.stack.core.types.enumerated.BrowseResultMask;
import org.eclipse.milo.opcua.stack.core.types.enumerated.NodeClass;
import org.eclipse.milo.opcua.stack.core.types.enumerated.TimestampsToReturn;
import org.eclipse.milo.opcua.stack.core.types.structured.Argument;
import org.eclipse.milo.opcua.stack.core.types.structured.BrowseDescription;
import org.eclipse.milo.opcua.stack.core.types.structured.ReadValueId;
import org.eclipse.milo.opcua.stack.core.types.structured.ReferenceDescription;

/**
 * Walks a server's address space from the Objects folder (leaving out the standard namespace's objects) and
 * describes what an operator needs for a profile: objects, variables with their types and whether they
 * can be written, methods with their argument signatures. Node ids are given in the {@code nsu=} form,
 * which stays valid when the server orders its namespaces differently.
 */
public final class AddressSpaceBrowser {
    private static final Map<Integer, String> BUILT_IN_TYPES = Map.ofEntries(Map.entry(1, "Boolean"),
            Map.entry(2, "SByte"), Map.entry(3, "Byte"), Map.entry(4, "Int16"), Map.entry(5, "UInt16"),
            Map.entry(6, "Int32"), Map.entry(7, "UInt32"), Map.entry(8, "Int64"), Map.entry(9, "UInt64"),
            Map.entry(10, "Float"), Map.entry(11, "Double"), Map.entry(12, "String"), Map.entry(13, "DateTime"),
            Map.entry(14, "Guid"), Map.entry(15, "ByteString"), Map.entry(21, "LocalizedText"),
            Map.entry(26, "Number"));

    /** One node: {@code depth} below Objects, its kind, and for variables and methods their signature. */
    public record Entry(int depth, String path, String nodeId, NodeClass kind, String dataType, boolean writable,
                        List<String> inputArguments, String parentId) {
    }

    private final InstrumentClient client;
    private final int maxDepth;

    public AddressSpaceBrowser(InstrumentClient client, int maxDepth) {
        this.client = client;
        this.maxDepth = maxDepth;
    }

    public List<Entry> browse() {
        List<Entry> out = new ArrayList<>();
        walk(NodeIds.ObjectsFolder, "", 0, out);
        return out;
    }

    private void walk(NodeId parent, String parentPath, int depth, List<Entry> out) {
        if (depth >= maxDepth) {
            return;
        }
        for (ReferenceDescription ref : children(parent)) {
            NodeId id = ref.getNodeId().toNodeId(client.milo().getNamespaceTable()).orElse(null);
            // The standard namespace (the Server object, alias tables) says nothing about the instrument.
            if (id == null || id.getNamespaceIndex().intValue() == 0) {
                continue;
            }
            String path = parentPath + "/" + ref.getBrowseName().name();
            String readable = id.expanded(client.milo().getNamespaceTable()).toParseableString();
            String parentId = parent.expanded(client.milo().getNamespaceTable()).toParseableString();
            NodeClass kind = ref.getNodeClass();
            if (kind == NodeClass.Variable) {
                out.add(new Entry(depth, path, readable, kind, typeOf(id), writable(id), List.of(), parentId));
            } else if (kind == NodeClass.Method) {
                out.add(new Entry(depth, path, readable, kind, "", false, inputArguments(id), parentId));
            } else if (kind == NodeClass.Object) {
                out.add(new Entry(depth, path, readable, kind, "", false, List.of(), parentId));
                walk(id, path, depth + 1, out);
            }
        }
    }

    private List<ReferenceDescription> children(NodeId node) {
        try {
            var result = client.milo().browse(new BrowseDescription(node, BrowseDirection.Forward,
                    NodeIds.HierarchicalReferences, true, UInteger.valueOf(0),
                    UInteger.valueOf(BrowseResultMask.All.getValue())));
            ReferenceDescription[] refs = result.getReferences();
            return refs == null ? List.of() : List.of(refs);
        } catch (UaException e) {
            throw DeviceException.of("browsing " + node.toParseableString(), e);
        }
    }

    private DataValue attribute(NodeId id, AttributeId attribute) {
        try {
            return client.milo().read(0, TimestampsToReturn.Neither, List.of(new ReadValueId(id, attribute.uid(),
                    null, QualifiedName.NULL_VALUE))).getResults()[0];
        } catch (UaException e) {
            throw DeviceException.of("reading " + id.toParseableString(), e);
        }
    }

    private String typeOf(NodeId variable) {
        Object type = attribute(variable, AttributeId.DataType).value().value();
        return type instanceof NodeId t ? typeName(t) : "?";
    }

    private boolean writable(NodeId variable) {
        Object level = attribute(variable, AttributeId.UserAccessLevel).value().value();
        return level instanceof UByte b && (b.intValue() & 0x02) != 0;
    }

    /** A method's input arguments, as {@code name: type}. */
    public List<String> inputArguments(NodeId method) {
        for (ReferenceDescription ref : children(method)) {
            if (ref.getBrowseName().name().equals("InputArguments")) {
                NodeId id = ref.getNodeId().toNodeId(client.milo().getNamespaceTable()).orElseThrow();
                Object value = attribute(id, AttributeId.Value).value().value();
                List<String> out = new ArrayList<>();
                if (value instanceof Object[] args) {
                    for (Object a : args) {
                        Object decoded = a instanceof org.eclipse.milo.opcua.stack.core.types.builtin.ExtensionObject e
                                ? e.decode(client.milo().getStaticEncodingContext()) : a;
                        if (decoded instanceof Argument arg) {
                            out.add(arg.getName() + ": " + typeName(arg.getDataType()));
                        }
                    }
                }
                return out;
            }
        }
        return List.of();
    }

    private static String typeName(NodeId type) {
        if (type.getNamespaceIndex().intValue() == 0 && type.getIdentifier() instanceof UInteger i) {
            return typeName(i.intValue());
        }
        return type.toParseableString();
    }

    /** The name of a type of namespace 0 (Double, String, ...), by its numeric id. */
    public static String typeName(int builtIn) {
        return BUILT_IN_TYPES.getOrDefault(builtIn, "i=" + builtIn);
    }
}
