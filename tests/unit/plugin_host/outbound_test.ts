/** Which addresses a plugin's outgoing call may reach (core/plugin_host/outbound.ts). */
import { suite } from "../../helpers/suite.ts";
import * as assert from "uvu/assert";
import { checkTarget, reservedRange } from "../../../core/plugin_host/outbound.ts";

const ranges = suite("reservedRange()");

ranges("names the reserved range an address lies in", () => {
  const cases: [string, string][] = [
    ["127.0.0.1", "boucle locale"],
    ["127.255.0.9", "boucle locale"],
    ["::1", "boucle locale"],
    ["10.0.0.1", "réseau privé"],
    ["172.16.0.1", "réseau privé"],
    ["172.31.255.255", "réseau privé"],
    ["192.168.0.1", "réseau privé"],
    ["fc00::1", "réseau privé"],
    ["fdff::1", "réseau privé"],
    ["169.254.169.254", "lien local"],
    ["fe80::1", "lien local"],
    ["febf::1", "lien local"],
    ["100.64.0.1", "CGNAT"],
    ["100.127.255.254", "CGNAT"],
    ["0.0.0.0", "non routable"],
    ["::", "non routable"],
    ["::ffff:8.8.8.8", "IPv4 dans IPv6"],
    ["::ffff:127.0.0.1", "IPv4 dans IPv6"],
    ["224.0.0.1", "multidiffusion"],
    ["255.255.255.255", "diffusion"],
  ];
  for (const [address, label] of cases) {
    assert.match(reservedRange(address) ?? "(none)", label, address);
  }
});

ranges("lets public addresses through", () => {
  for (const address of ["8.8.8.8", "172.32.0.1", "100.128.0.1", "2001:4860::8888", "1.1.1.1"]) {
    assert.is(reservedRange(address), null, address);
  }
});

ranges.run();

const targets = suite("checkTarget()");

targets("refuses localhost and its subdomains without asking the DNS", async () => {
  for (const url of ["http://localhost:8080/x", "https://api.localhost/x", "http://LOCALHOST./x"]) {
    const result = await checkTarget(url, { allowPrivate: false });
    assert.ok("refused" in result, url);
    if ("refused" in result) assert.match(result.refused, /boucle locale/);
  }
});

targets("gives the checked address to connect to for an address literal", async () => {
  assert.equal(await checkTarget("http://8.8.8.8/x", { allowPrivate: false }), {
    address: "8.8.8.8",
  });
  assert.equal(await checkTarget("http://[2001:4860::8888]/x", { allowPrivate: false }), {
    address: "2001:4860::8888",
  });
  assert.equal(await checkTarget("http://127.0.0.1/x", { allowPrivate: true }), {
    address: "127.0.0.1",
  });
});

targets.run();
