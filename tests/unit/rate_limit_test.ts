import { suite } from "../helpers/suite.ts";
import * as assert from "uvu/assert";
import { createRateLimiter } from "../../core/rate_limit.ts";

const limiter = suite("createRateLimiter");

limiter("lets a key try until it reaches the limit within the window", async () => {
  const l = createRateLimiter({ max: 3, windowMs: 60_000 });
  await l.fail("a", 1_000);
  await l.fail("a", 2_000);
  assert.is(await l.retryAfter("a", 3_000), 0);
  await l.fail("a", 3_000);
  // Blocked until the oldest failure leaves the window.
  assert.is(await l.retryAfter("a", 4_000), 57_000);
});

limiter("frees a key as its failures leave the sliding window", async () => {
  const l = createRateLimiter({ max: 2, windowMs: 10_000 });
  await l.fail("a", 0);
  await l.fail("a", 5_000);
  assert.ok(await l.retryAfter("a", 9_999) > 0);
  assert.is(await l.retryAfter("a", 10_000), 0);
  await l.fail("a", 10_000);
  assert.is(await l.retryAfter("a", 12_000), 3_000);
});

limiter("counts keys apart", async () => {
  const l = createRateLimiter({ max: 1, windowMs: 10_000 });
  await l.fail("camille@exemple.fr", 0);
  assert.ok(await l.retryAfter("camille@exemple.fr", 1) > 0);
  assert.is(await l.retryAfter("dominique@exemple.fr", 1), 0);
});

limiter("reset() forgets a key's failures", async () => {
  const l = createRateLimiter({ max: 1, windowMs: 10_000 });
  await l.fail("a", 0);
  await l.reset("a");
  assert.is(await l.retryAfter("a", 1), 0);
});

limiter("keeps memory bounded under a flood of distinct keys", async () => {
  const l = createRateLimiter({ max: 1, windowMs: 60_000 });
  for (let i = 0; i <= 100_001; i++) await l.fail(`ip-${i}`, 0);
  // The oldest keys were dropped, the newest still counted.
  assert.is(await l.retryAfter("ip-0", 1), 0);
  assert.ok(await l.retryAfter("ip-100001", 1) > 0);
});

limiter.run();
