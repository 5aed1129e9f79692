import { suite } from "../../helpers/suite.ts";
import * as assert from "uvu/assert";
import {
  base32Decode,
  base32Encode,
  groupSecret,
  hotp,
  matchTotp,
  newTotpSecret,
  otpauthUri,
  totpCode,
  totpStep,
} from "../../../core/accounts/totp.ts";

const ascii = (text: string) => new TextEncoder().encode(text);
/** RFC 6238 appendix B: 8-digit codes at these Unix times, per hash and its 20/32/64-byte key. */
const RFC6238: readonly [number, string, string, string][] = [
  [59, "94287082", "46119246", "90693936"],
  [1111111109, "07081804", "68084774", "25091201"],
  [1111111111, "14050471", "67062674", "99943326"],
  [1234567890, "89005924", "91819424", "93441116"],
  [2000000000, "69279037", "90698825", "38618901"],
  [20000000000, "65353130", "77737706", "47863826"],
];
const KEYS = {
  sha1: ascii("12345678901234567890"),
  sha256: ascii("12345678901234567890123456789012"),
  sha512: ascii("1234567890".repeat(6) + "1234"),
};

const totp = suite("totp");

totp("hotp() gives RFC 4226's ten test values", () => {
  const expected = [
    "755224",
    "287082",
    "359152",
    "969429",
    "338314",
    "254676",
    "287922",
    "162583",
    "399871",
    "520489",
  ];
  expected.forEach((code, counter) => assert.is(hotp(KEYS.sha1, counter), code, `${counter}`));
});

totp("hotp() over 30-second steps gives RFC 6238's test vectors (SHA-1, -256, -512)", () => {
  for (const [seconds, sha1, sha256, sha512] of RFC6238) {
    const step = totpStep(seconds * 1000);
    assert.is(hotp(KEYS.sha1, step, { digits: 8 }), sha1, `SHA-1 at ${seconds}`);
    assert.is(hotp(KEYS.sha256, step, { digits: 8, hash: "sha256" }), sha256, `SHA-256 ${seconds}`);
    assert.is(hotp(KEYS.sha512, step, { digits: 8, hash: "sha512" }), sha512, `SHA-512 ${seconds}`);
  }
});

totp("totpCode() is the 6-digit SHA-1 code of a base32 secret, as authenticator apps show", () => {
  const secret = base32Encode(KEYS.sha1);
  assert.is(secret, "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
  // The last six digits of RFC 6238's 8-digit SHA-1 values.
  assert.is(totpCode(secret, 59_000), "287082");
  assert.is(totpCode(secret, 1111111109_000), "081804");
  assert.is(totpCode(secret, 2000000000_000), "279037");
});

totp("base32 round-trips and follows RFC 4648 (case, spaces and padding ignored)", () => {
  assert.is(base32Encode(ascii("foobar")), "MZXW6YTBOI");
  assert.is(new TextDecoder().decode(base32Decode("mzxw 6ytb oi======")), "foobar");
  const secret = newTotpSecret();
  assert.is(secret.length, 32, "160 bits");
  assert.equal(base32Encode(base32Decode(secret)), secret);
  assert.throws(() => base32Decode("MZXW1"), /Invalid base32 character "1"/);
  assert.is(groupSecret("ABCDEFGHIJ"), "ABCD EFGH IJ");
});

totp("matchTotp() accepts the current step and its neighbours, each once", () => {
  const secret = base32Encode(KEYS.sha1);
  const now = 1111111111_000;
  const step = totpStep(now);
  for (const offset of [-1, 0, 1]) {
    const code = totpCode(secret, now + offset * 30_000);
    assert.is(matchTotp(secret, code, { nowMs: now, lastStep: null }), step + offset);
    assert.is(matchTotp(secret, code, { nowMs: now, lastStep: step + offset }), null, "replayed");
  }
  const stale = totpCode(secret, now - 60_000);
  assert.is(matchTotp(secret, stale, { nowMs: now, lastStep: null }), null, "two steps old");
  assert.is(matchTotp(secret, "12345", { nowMs: now, lastStep: null }), null);
  assert.is(matchTotp(secret, "abcdef", { nowMs: now, lastStep: null }), null);
});

totp("otpauthUri() is the Key Uri Format authenticator apps read", () => {
  const uri = otpauthUri({
    secret: "GEZDGNBVGY3TQOJQ",
    issuer: "Guichet mairie.fr",
    account: "camille@mairie.fr",
  });
  assert.is(
    uri,
    "otpauth://totp/Guichet%20mairie.fr:camille%40mairie.fr?secret=GEZDGNBVGY3TQOJQ&issuer=Guichet%20mairie.fr&algorithm=SHA1&digits=6&period=30",
  );
});

totp.run();
