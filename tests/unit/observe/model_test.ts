import { suite } from "../../helpers/suite.ts";
import * as assert from "uvu/assert";
import {
  createHttpMetrics,
  renderGauges,
  saneRequestId,
  trpcRoutes,
  UNKNOWN_PROCEDURE,
} from "../../../core/observe/model.ts";
import { parseExposition, valueOf } from "../../helpers/exposition.ts";

const model = suite("observe model");

model("a duration on a bucket's bound counts in that bucket (le is inclusive)", () => {
  const m = createHttpMetrics();
  m.observe("/healthz", "GET", 200, 0.005);
  m.observe("/healthz", "GET", 200, 0.0051);
  m.observe("/healthz", "GET", 503, 11);
  const s = parseExposition(m.render());
  const bucket = (le: string) =>
    valueOf(s, "guichet_http_request_duration_seconds_bucket", { route: "/healthz", le });
  assert.is(bucket("0.005"), 1);
  assert.is(bucket("0.01"), 2);
  assert.is(bucket("10"), 2);
  assert.is(bucket("+Inf"), 3);
  assert.is(valueOf(s, "guichet_http_requests_total", { status: "503" }), 1);
});

model("label values are escaped as the exposition format requires", () => {
  const text = renderGauges([{
    name: "guichet_jobs",
    help: "Tâches",
    values: [{ labels: { kind: 'a"b\\c\nd' }, value: 2 }],
  }]);
  assert.ok(text.includes('guichet_jobs{kind="a\\"b\\\\c\\nd"} 2'));
  assert.equal(parseExposition(text)[0].labels, { kind: 'a"b\\c\nd' });
});

model("tRPC routes name known procedures only", () => {
  const known = new Set(["auth.session", "usager.save"]);
  assert.equal(trpcRoutes("/trpc/auth.session,usager.save,x.y", known), [
    "/trpc/auth.session",
    "/trpc/usager.save",
    UNKNOWN_PROCEDURE,
  ]);
});

model("a request id is kept only when short and made of safe characters", () => {
  assert.ok(saneRequestId("7f3c2a9e-1b2c-4d5e-8f90-a1b2c3d4e5f6"));
  assert.ok(saneRequestId("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"));
  for (const bad of [null, "", "a b", 'a"b', "a\nb", "é", "x".repeat(129)]) {
    assert.not.ok(saneRequestId(bad), String(bad));
  }
});

model.run();
