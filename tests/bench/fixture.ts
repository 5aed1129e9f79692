/**
 * The instance under test: a real Guichet on a temp data folder (worker stopped, no UI),
 * with a super-admin signed in through the installation link, so requests carry a real
 * session cookie.
 */
import { loadConfig } from "../../core/config.ts";
import { createInstance, type Instance } from "../../core/main.ts";
import { completeInstallation } from "../../core/accounts/admin_requests.ts";

export interface Fixture {
  readonly instance: Instance;
  readonly dataDir: string;
  /** The session cookie's value, as a browser would send it back. */
  readonly token: string;
  stop(): Promise<void>;
}

export async function startFixture(): Promise<Fixture> {
  const dataDir = await Deno.makeTempDir({ prefix: "guichet-bench-" });
  const config = loadConfig({ DATA_DIR: dataDir, BASE_URL: "http://127.0.0.1:8000" });
  const instance = await createInstance(config, {
    startWorker: false,
    serveUi: false,
    log: () => {},
  });
  const installToken = new URL(instance.installationLink!).searchParams.get("jeton")!;
  const session = await completeInstallation(instance.deps, {
    token: installToken,
    email: "bench@guichet.test",
    password: "Banc-Essai-Solide-2026!",
  });
  return {
    instance,
    dataDir,
    token: session.token,
    async stop() {
      await instance.close();
      await Deno.remove(dataDir, { recursive: true }).catch(() => {});
    },
  };
}
