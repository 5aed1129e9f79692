import { suite } from "../../helpers/suite.ts";
import * as assert from "uvu/assert";
import { satisfies } from "../../../core/plugin_host/semver.ts";

const semver = suite("satisfies");

const cases: [string, string, boolean][] = [
  ["1.0.0", "^1.0.0", true],
  ["1.9.3", "^1.0.0", true],
  ["2.0.0", "^1.0.0", false],
  ["0.9.9", "^1.0.0", false],
  ["1.2.0", "^1.2.1", false],
  ["0.2.5", "^0.2.0", true],
  ["0.3.0", "^0.2.0", false],
  ["0.0.3", "^0.0.3", true],
  ["0.0.4", "^0.0.3", false],
  ["1.2.9", "~1.2.0", true],
  ["1.3.0", "~1.2.0", false],
  ["1.5.0", ">=1.0.0 <2.0.0", true],
  ["2.0.0", ">=1.0.0 <2.0.0", false],
  ["1.0.0", ">1.0.0", false],
  ["1.0.1", ">1.0.0", true],
  ["1.0.0", "<=1.0.0", true],
  ["1.0.0", "=1.0.0", true],
  ["1.0.0", "1.0.0", true],
  ["1.0.1", "1.0.0", false],
  ["3.1.0", "^1.0.0 || ^3.0.0", true],
  ["2.1.0", "^1.0.0 || ^3.0.0", false],
  ["7.0.0", "*", true],
  ["1.0.0", "", true],
  ["1.0.0-beta.1", "^1.0.0", true],
  ["1.0.0", "n’importe quoi", false],
  ["pas une version", "*", false],
];

for (const [version, range, expected] of cases) {
  semver(`satisfies("${version}", "${range}") is ${expected}`, () => {
    assert.is(satisfies(version, range), expected);
  });
}

semver("tolerates spaces around the range and its operators", () => {
  assert.ok(satisfies("1.4.0", "  >= 1.0.0  "));
  assert.ok(satisfies("1.4.0", " ^1.0.0 || ^2.0.0 "));
});

semver.run();
