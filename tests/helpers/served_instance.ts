/**
 * A test instance listening on a real port, for the browser: the port is taken first, so
 * `BASE_URL` (and every link in the caught e-mails) points at it, then the app is built.
 */
import { startTestInstance, type TestInstance } from "./instance.ts";
import { servedBy } from "../../core/http_body.ts";

export interface ServedInstance {
  readonly t: TestInstance;
  readonly baseUrl: string;
  stop(): Promise<void>;
}

export async function startServedInstance(
  opts: {
    /** More configuration (`GUICHET_PLUGINS`, `UI_DIR`…); `BASE_URL` is the port's. */
    env?: Record<string, string>;
  } = {},
): Promise<ServedInstance> {
  const target: { app?: TestInstance["app"] } = {};
  const server = Deno.serve(
    { port: 0, hostname: "127.0.0.1", onListen: () => {} },
    // As core/main.ts serves: bodies framed by the server are read in one go.
    servedBy((request, info) =>
      target.app
        ? target.app.fetch(request, info)
        : new Response("Démarrage en cours", { status: 503 })
    ),
  );
  const baseUrl = `http://127.0.0.1:${server.addr.port}`;
  const t = await startTestInstance({ serveUi: true, env: { ...opts.env, BASE_URL: baseUrl } });
  target.app = t.app;
  return {
    t,
    baseUrl,
    async stop() {
      await server.shutdown();
      await t.stop();
    },
  };
}
