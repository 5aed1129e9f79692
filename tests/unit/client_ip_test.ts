import { suite } from "../helpers/suite.ts";
import * as assert from "uvu/assert";
import {
  clientIp,
  formatIp,
  inRanges,
  invalidRanges,
  isLoopbackIp,
  parseAddressRange,
  parseAddressRanges,
  parseIp,
} from "../../core/client_ip.ts";

const addresses = suite("parseIp and formatIp");

addresses("IPv4 and IPv6 come back in their usual text", () => {
  const cases: [string, string][] = [
    ["192.0.2.1", "192.0.2.1"],
    ["::ffff:192.0.2.1", "192.0.2.1"],
    ["::FFFF:c000:0201", "192.0.2.1"],
    ["2001:DB8:0:0:0:0:0:1", "2001:db8::1"],
    ["2001:db8:0:0:1:0:0:1", "2001:db8::1:0:0:1"],
    ["2001:db8:0:1:1:1:1:1", "2001:db8:0:1:1:1:1:1"],
    ["::1", "::1"],
    ["::", "::"],
    ["fe80::1%eth0", "fe80::1"],
    ["1:2:3:4:5:6:7::", "1:2:3:4:5:6:7:0"],
  ];
  for (const [input, expected] of cases) {
    const bytes = parseIp(input);
    assert.ok(bytes, `${input} should parse`);
    assert.is(formatIp(bytes!), expected, input);
  }
});

addresses("what is not an address is refused", () => {
  for (
    const input of [
      "",
      "local",
      "256.0.0.1",
      "1.2.3",
      "1.2.3.4.5",
      "01.2.3.4",
      "1::2::3",
      "1:2:3:4:5:6:7:8:9",
      "1:2:3:4:5:6:7:8::",
      "12345::",
      "1.2.3.4::",
      "g::1",
      "192.0.2.1:8080",
    ]
  ) {
    assert.is(parseIp(input), null, input);
  }
});

const ranges = suite("address ranges (CIDR)");

ranges("an IPv4 range holds its addresses, mapped or not, and no others", () => {
  const r = parseAddressRanges("10.0.0.0/8, 192.168.1.0/25");
  const has = (ip: string) => inRanges(parseIp(ip)!, r);
  assert.ok(has("10.0.0.1"));
  assert.ok(has("10.255.255.255"));
  assert.ok(has("::ffff:10.2.3.4"));
  assert.ok(has("192.168.1.127"));
  assert.not.ok(has("192.168.1.128"));
  assert.not.ok(has("11.0.0.1"));
  assert.not.ok(has("::a00:1")); // 10.0.0.1's bits, but not IPv4-mapped
});

ranges("an IPv6 range compares bits, even inside a group", () => {
  const r = parseAddressRanges("2001:db8::/32,fd00::/7");
  const has = (ip: string) => inRanges(parseIp(ip)!, r);
  assert.ok(has("2001:db8:ffff::1"));
  assert.not.ok(has("2001:db9::1"));
  assert.ok(has("fc00::1"));
  assert.ok(has("fdff::1"));
  assert.not.ok(has("fe00::1"));
});

ranges("a single address is a range of one", () => {
  const r = parseAddressRanges("203.0.113.5,::1");
  assert.ok(inRanges(parseIp("203.0.113.5")!, r));
  assert.not.ok(inRanges(parseIp("203.0.113.6")!, r));
  assert.ok(inRanges(parseIp("0:0:0:0:0:0:0:1")!, r));
});

ranges("/0 holds everything of its family; bad prefixes are refused", () => {
  assert.ok(inRanges(parseIp("198.51.100.1")!, parseAddressRanges("0.0.0.0/0")));
  assert.ok(inRanges(parseIp("2001:db8::1")!, parseAddressRanges("::/0")));
  assert.not.ok(inRanges(parseIp("2001:db8::1")!, parseAddressRanges("0.0.0.0/0")));
  for (const bad of ["10.0.0.0/33", "::/129", "10.0.0.0/", "10.0.0.0/8/8", "10.0.0.0/-1"]) {
    assert.is(parseAddressRange(bad), null, bad);
  }
  assert.equal(invalidRanges("10.0.0.0/8, proxy.local, ::1, 10.0.0.0/33"), [
    "proxy.local",
    "10.0.0.0/33",
  ]);
});

ranges("loopback is 127.0.0.0/8 and ::1", () => {
  for (const ip of ["127.0.0.1", "127.8.9.10", "::1", "::ffff:127.0.0.1"]) {
    assert.ok(isLoopbackIp(ip), ip);
  }
  for (const ip of ["128.0.0.1", "::2", "10.0.0.1", "local", "localhost"]) {
    assert.not.ok(isLoopbackIp(ip), ip);
  }
});

const resolve = suite("clientIp");
const PROXIES = parseAddressRanges("10.0.0.0/8,2001:db8:ffff::/48");

resolve("without trusted proxies the peer is the client, whatever X-Forwarded-For says", () => {
  assert.is(clientIp("10.0.0.2", "198.51.100.7", []), "10.0.0.2");
  assert.is(clientIp("::ffff:192.0.2.3", "198.51.100.7", []), "192.0.2.3");
});

resolve("a peer that is not a trusted proxy is the client", () => {
  assert.is(clientIp("192.0.2.3", "198.51.100.7", PROXIES), "192.0.2.3");
});

resolve("behind a trusted proxy, the right-most untrusted entry is the client", () => {
  assert.is(clientIp("10.0.0.2", "198.51.100.7", PROXIES), "198.51.100.7");
  // The left entry is whatever the client wrote: never believed.
  assert.is(clientIp("10.0.0.2", "1.1.1.1, 198.51.100.7", PROXIES), "198.51.100.7");
  // Two proxies: the inner one's entry is skipped.
  assert.is(clientIp("10.0.0.2", "1.1.1.1, 198.51.100.7, 10.9.9.9", PROXIES), "198.51.100.7");
  assert.is(
    clientIp("2001:db8:ffff::1", "2001:DB8:1::5", PROXIES),
    "2001:db8:1::5",
  );
  assert.is(clientIp("::ffff:10.0.0.2", "203.0.113.9", PROXIES), "203.0.113.9");
});

resolve("ports and brackets some proxies add are dropped", () => {
  assert.is(clientIp("10.0.0.2", "198.51.100.7:52100", PROXIES), "198.51.100.7");
  assert.is(clientIp("10.0.0.2", "[2001:db8:1::5]:443", PROXIES), "2001:db8:1::5");
});

resolve("with no usable entry, the last trusted hop stands for the client", () => {
  assert.is(clientIp("10.0.0.2", undefined, PROXIES), "10.0.0.2");
  assert.is(clientIp("10.0.0.2", "", PROXIES), "10.0.0.2");
  assert.is(clientIp("10.0.0.2", "inconnu", PROXIES), "10.0.0.2");
  assert.is(clientIp("10.0.0.2", "1.1.1.1, inconnu, 10.0.0.7", PROXIES), "10.0.0.7");
  assert.is(clientIp("10.0.0.2", "10.0.0.9, 10.0.0.7", PROXIES), "10.0.0.9");
});

resolve("a peer that is not an address is kept as it is", () => {
  assert.is(clientIp("local", "198.51.100.7", PROXIES), "local");
});

addresses.run();
ranges.run();
resolve.run();
