/**
 * Makes sure Debian's Chromium is there for the e2e tests: installs it with apt when this
 * runs as root, otherwise says how. The e2e suites then skip (counted, never silently).
 */
export const CHROMIUM = "/usr/bin/chromium";

export function browserPath(): string | null {
  try {
    Deno.statSync(CHROMIUM);
    return CHROMIUM;
  } catch {
    return null;
  }
}

async function run(cmd: string, args: string[]): Promise<boolean> {
  try {
    const out = await new Deno.Command(cmd, { args, stdout: "null", stderr: "piped" }).output();
    return out.success;
  } catch {
    return false;
  }
}

export async function ensureBrowser(): Promise<void> {
  if (browserPath()) return;
  const isRoot = Deno.uid?.() === 0;
  if (isRoot) {
    console.log("Chromium is missing: installing Debian's chromium package…");
    const ok = await run("apt-get", ["update"]) &&
      await run("apt-get", ["install", "-y", "--no-install-recommends", "chromium"]);
    if (ok && browserPath()) return;
  }
  console.log(
    "Chromium is missing and could not be installed: browser tests are skipped. " +
      "Install it with `sudo apt-get install chromium`.",
  );
}
