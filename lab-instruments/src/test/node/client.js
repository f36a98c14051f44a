// node-opcua's client against sciloop's simulated reactor (served with --insecure): read the state,
// write a setpoint, call Ping. Prints what it saw as one JSON line.
const { OPCUAClient, MessageSecurityMode, SecurityPolicy, AttributeIds, DataType } = require("node-opcua");

(async () => {
  const client = OPCUAClient.create({
    endpointMustExist: false,
    securityMode: MessageSecurityMode.None,
    securityPolicy: SecurityPolicy.None,
    connectionStrategy: { maxRetry: 2, initialDelay: 100 },
  });
  await client.connect(process.argv[2]);
  const session = await client.createSession();
  const namespaces = await session.readNamespaceArray();
  const ns = namespaces.indexOf("urn:sciloop:simulated-instrument");
  const id = (path) => `ns=${ns};s=${path}`;
  const state = await session.read({ nodeId: id("FlowReactor/ReactionUnit/StateMachine/CurrentState"),
    attributeId: AttributeIds.Value });
  const write = await session.write({ nodeId: id("FlowReactor/ReactionUnit/Setpoints/Temp_C"),
    attributeId: AttributeIds.Value, value: { value: { dataType: DataType.Double, value: 105 } } });
  const call = await session.call({ objectId: id("FlowReactor"), methodId: id("FlowReactor/Ping"),
    inputArguments: [{ dataType: DataType.String, value: "node-opcua" }] });
  console.log(JSON.stringify({ state: state.value.value, write: write.name, call: call.statusCode.name }));
  await session.close();
  await client.disconnect();
})().catch((e) => { console.error(e.message); process.exit(1); });
