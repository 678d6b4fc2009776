/**
 * `npm run github-test-server -- --port N --repo DIR [--webhook-url URL]`: serves the
 * git repository (or plain directory) DIR as `acme/config` and prints the app
 * credentials Ferry must start with. Runs until interrupted.
 */
import { writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { GitHubTestServer } from "./github-test-server.ts";

const { values } = parseArgs({
  options: {
    port: { type: "string", default: "0" },
    repo: { type: "string" },
    "webhook-url": { type: "string", default: "http://127.0.0.1:3000/api/github/webhooks" },
    "webhook-secret": { type: "string" },
  },
});

if (values.repo === undefined) {
  process.stderr.write("usage: npm run github-test-server -- --port N --repo DIR [--webhook-url URL] [--webhook-secret S]\n");
  process.exit(2);
}

const server = await GitHubTestServer.start({ port: Number(values.port), webhookUrl: values["webhook-url"], webhookSecret: values["webhook-secret"] });
await server.createRepo({ name: "config", from: resolve(values.repo) });
const keyFile = join(tmpdir(), `github-test-server-${server.appId}-${process.pid}.pem`);
await writeFile(keyFile, server.privateKeyPem, { mode: 0o600 });
const env = server.env();

process.stdout.write(
  [
    `GitHub test server on ${server.apiUrl} serving ${resolve(values.repo)} as acme/config`,
    `app id:          ${server.appId}`,
    `installation id: ${server.installationId}`,
    `private key:     ${keyFile}`,
    `webhook secret:  ${server.webhookSecret}`,
    `webhooks go to:  ${values["webhook-url"]}`,
    "",
    "start Ferry with:",
    `  APP_ID=${env.APP_ID} PRIVATE_KEY_PATH=${keyFile} WEBHOOK_SECRET=${env.WEBHOOK_SECRET} GHE_HOST=${env.GHE_HOST} GHE_PROTOCOL=http npm start`,
    "",
  ].join("\n"),
);

const shutdown = () => {
  for (const v of server.violations) process.stderr.write(`violation: ${v.kind} ${v.method} ${v.path}: ${v.problems.join("; ")}\n`);
  void server.stop().then(() => process.exit(0));
};
process.on("SIGINT", shutdown);
process.on("SIGTERM", shutdown);
