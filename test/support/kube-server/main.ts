/**
 * `npm run kube-test-server -- [--port N] [--kubeconfig FILE] [--token T] [--rollout-delay MS]`:
 * runs the Kubernetes test API server until interrupted and writes a kubeconfig
 * that kubectl and Ferry can use.
 */
import { parseArgs } from "node:util";
import { KubeTestServer } from "./kube-test-server.ts";

const { values } = parseArgs({
  options: {
    port: { type: "string", default: "0" },
    kubeconfig: { type: "string" },
    token: { type: "string" },
    "rollout-delay": { type: "string", default: "0" },
  },
});

const server = await KubeTestServer.start({
  port: Number(values.port),
  rolloutDelayMs: Number(values["rollout-delay"]),
  ...(values.token ? { token: values.token } : {}),
});
if (values.kubeconfig) await server.writeKubeconfig(values.kubeconfig);
process.stdout.write(`kubernetes test server listening on ${server.url}${values.kubeconfig ? `; kubeconfig written to ${values.kubeconfig}` : ""}\n`);

const shutdown = (): void => {
  void server.stop().then(() => process.exit(0));
};
process.on("SIGINT", shutdown);
process.on("SIGTERM", shutdown);
