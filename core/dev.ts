/**
 * `deno task dev`: the server (restarted when core/ or plugins/ change) and Vite's dev
 * server with hot reload on http://localhost:5173, which proxies the API to the server.
 */
const env = { BASE_URL: Deno.env.get("BASE_URL") ?? "http://localhost:5173" };

const server = new Deno.Command(Deno.execPath(), {
  args: ["run", "-A", "--unstable-no-legacy-abort", "--watch=core/,plugins/", "core/main.ts"],
  env,
  stdout: "inherit",
  stderr: "inherit",
}).spawn();

const vite = new Deno.Command(Deno.execPath(), {
  args: ["run", "-A", "npm:vite@8.3.4", "--config", "vite.config.ts"],
  env,
  stdout: "inherit",
  stderr: "inherit",
}).spawn();

const stop = () => {
  for (const child of [server, vite]) {
    try {
      child.kill("SIGTERM");
    } catch {
      // already gone
    }
  }
};
Deno.addSignalListener("SIGINT", stop);
Deno.addSignalListener("SIGTERM", stop);
await Promise.race([server.status, vite.status]);
stop();
