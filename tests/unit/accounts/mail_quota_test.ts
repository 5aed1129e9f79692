import { suite } from "../../helpers/suite.ts";
import * as assert from "uvu/assert";
import { ipKey } from "../../../core/accounts/mail_quota.ts";

const keys = suite("accounts: the IP key of the e-mail quota");

keys("an IPv4 address counts as itself, also written as IPv4-mapped IPv6", () => {
  assert.is(ipKey("203.0.113.7"), "ip:203.0.113.7");
  assert.is(ipKey("::ffff:203.0.113.7"), "ip:203.0.113.7");
});

keys("an IPv6 address counts by its /64, however it is written", () => {
  const key = "ip:2001:db8:0:12::/64";
  assert.is(ipKey("2001:db8:0:12::1"), key);
  assert.is(ipKey("2001:0DB8:0000:0012:abcd:ef01:2345:6789"), key);
  assert.is(ipKey("2001:db8::12:0:0:0:1"), key);
  assert.is(ipKey("fe80::1%eth0"), "ip:fe80:0:0:0::/64");
  assert.is.not(ipKey("2001:db8:0:13::1"), key);
});

keys.run();
