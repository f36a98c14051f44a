// A small heater served by node-opcua, an OPC UA stack independent of Milo: a setpoint, a result and a
// method, for sciloop's client to drive. Prints "READY <endpoint>" once it listens.
const { OPCUAServer, Variant, DataType, StatusCodes, MessageSecurityMode, SecurityPolicy } = require("node-opcua");

(async () => {
  const server = new OPCUAServer({
    port: Number(process.argv[2]),
    resourcePath: "/interop",
    securityModes: [MessageSecurityMode.None],
    securityPolicies: [SecurityPolicy.None],
    allowAnonymous: true,
  });
  await server.initialize();
  const addressSpace = server.engine.addressSpace;
  const ns = addressSpace.getOwnNamespace();
  const heater = ns.addObject({ organizedBy: addressSpace.rootFolder.objects, browseName: "Heater", nodeId: "s=Heater" });
  let setpoint = 20;
  let result = 0;
  let lastRequest = "";
  const rw = "CurrentRead | CurrentWrite";
  ns.addVariable({
    componentOf: heater, browseName: "Setpoint", nodeId: "s=Heater/Setpoint", dataType: "Double", minimumSamplingInterval: 100,
    accessLevel: rw, userAccessLevel: rw,
    value: {
      get: () => new Variant({ dataType: DataType.Double, value: setpoint }),
      set: (v) => { setpoint = v.value; return StatusCodes.Good; },
    },
  });
  ns.addVariable({
    componentOf: heater, browseName: "Result", nodeId: "s=Heater/Result", dataType: "Double", minimumSamplingInterval: 100,
    value: { get: () => new Variant({ dataType: DataType.Double, value: result }) },
  });
  ns.addVariable({
    componentOf: heater, browseName: "RequestId", nodeId: "s=Heater/RequestId", dataType: "String", minimumSamplingInterval: 100,
    value: { get: () => new Variant({ dataType: DataType.String, value: lastRequest }) },
  });
  const heat = ns.addMethod(heater, {
    browseName: "Heat", nodeId: "s=Heater/Heat",
    inputArguments: [{ name: "RequestId", dataType: DataType.String }],
    outputArguments: [],
  });
  heat.bindMethod((inputs, context, callback) => {
    lastRequest = inputs[0].value;
    result = setpoint * 2;
    callback(null, { statusCode: StatusCodes.Good, outputArguments: [] });
  });
  await server.start();
  console.log("READY " + server.getEndpointUrl());
})().catch((e) => { console.error(e.message); process.exit(1); });
