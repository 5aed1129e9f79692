/** Password hashing with argon2id (m = 19 MiB, t = 2), the OWASP baseline. */
import { hash, verify } from "@node-rs/argon2";

const OPTIONS = { algorithm: 2, /* Argon2id */ memoryCost: 19456, timeCost: 2, parallelism: 1 };

export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

/** A hash of a password nobody knows, verified when the account does not exist, so the
 * answer takes as long either way and does not reveal which e-mails have an account. */
let dummy: Promise<string> | undefined;

export async function verifyPassword(stored: string | null, password: string): Promise<boolean> {
  if (!stored) {
    dummy ??= hashPassword(crypto.randomUUID());
    await verify(await dummy, password).catch(() => false);
    return false;
  }
  return await verify(stored, password).catch(() => false);
}
