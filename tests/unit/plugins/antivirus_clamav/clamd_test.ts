import { suite } from "../../../helpers/suite.ts";
import * as assert from "uvu/assert";
import { clamdAddress, parseAnswer } from "../../../../plugins/antivirus_clamav/clamd.ts";
import plugin from "../../../../plugins/antivirus_clamav/mod.ts";
import { createPluginHost } from "../../../../core/plugin_host/host.ts";

const clamd = suite("antivirus_clamav: clamd's answers and address");

clamd("parseAnswer() reads OK, FOUND (without .UNOFFICIAL), the size limit and errors", () => {
  assert.equal(parseAnswer("stream: OK\0"), { kind: "ok" });
  assert.equal(parseAnswer("stream: Eicar-Test-Signature FOUND\0"), {
    kind: "found",
    signature: "Eicar-Test-Signature",
  });
  assert.equal(parseAnswer("stream: Eicar-Test-Signature.UNOFFICIAL FOUND\0"), {
    kind: "found",
    signature: "Eicar-Test-Signature",
  });
  assert.equal(parseAnswer("INSTREAM size limit exceeded. ERROR\0"), { kind: "too_large" });
  assert.equal(parseAnswer("COMMAND READ TIMED OUT ERROR\0"), {
    kind: "error",
    message: "COMMAND READ TIMED OUT ERROR",
  });
  assert.equal(parseAnswer(""), { kind: "error", message: "no answer" });
});

clamd("clamdAddress() takes a socket path or host:port", () => {
  assert.equal(clamdAddress("/run/clamav/clamd.ctl"), {
    transport: "unix",
    path: "/run/clamav/clamd.ctl",
  });
  assert.equal(clamdAddress("clamav.lan:3310"), {
    transport: "tcp",
    hostname: "clamav.lan",
    port: 3310,
  });
  assert.equal(clamdAddress("[::1]:3310"), { transport: "tcp", hostname: "::1", port: 3310 });
  assert.throws(() => clamdAddress("clamd"), /neither a socket path nor host:port/);
});

clamd("the scanner is active only where CLAMD_SOCKET is set", () => {
  const host = createPluginHost([{ source: "plugins/antivirus_clamav", definition: plugin }], {
    log: () => {},
  });
  const scanner = host.fileScanners.get("clamav")!;
  assert.is(host.fileScanners.ownerOf("clamav"), "antivirus_clamav");
  assert.is(scanner.active!({}), false);
  assert.is(scanner.active!({ CLAMD_SOCKET: "/run/clamav/clamd.ctl" }), true);
});

clamd.run();
