/**
 * The authenticator app of the people the tests make: enrolment through the API, and codes
 * for signing in again. It remembers each account's secret and codes de secours as a phone
 * and a sheet of paper would, and the last step it answered with, since a code is accepted
 * once only.
 */
import { totpCode, totpStep } from "../../core/accounts/totp.ts";
import type { Agent, TestInstance } from "./instance.ts";

interface Enrolled {
  readonly secret: string;
  readonly recoveryCodes: string[];
  lastStep: number;
}

const phones = new Map<string, Enrolled>();
const keyOf = (t: TestInstance, email: string) => `${t.dataDir}|${email}`;

/** Turns the second factor on for the agent's account; returns its secret and codes. */
export async function enrolSecondFactor(
  t: TestInstance,
  agent: Agent,
): Promise<{ secret: string; recoveryCodes: string[] }> {
  const me = await agent.trpc.auth.me.query();
  const started = await agent.trpc.auth.secondFactor.start.mutate();
  const secret = started.secret.replaceAll(" ", "");
  const now = t.deps.clock().getTime();
  const { recoveryCodes } = await agent.trpc.auth.secondFactor.confirm.mutate({
    code: totpCode(secret, now),
  });
  phones.set(keyOf(t, me.email), {
    secret,
    recoveryCodes: [...recoveryCodes],
    lastStep: totpStep(now),
  });
  return { secret, recoveryCodes };
}

/**
 * A code that the instance accepts now for `email`: the app's, for the current step or the
 * next one (both are accepted) when it has not answered with them yet, else a code de secours.
 */
export function codeFor(t: TestInstance, email: string): string {
  const phone = phones.get(keyOf(t, email));
  if (!phone) throw new Error(`No second factor enrolled for "${email}"`);
  const now = t.deps.clock().getTime();
  const step = Math.max(totpStep(now), phone.lastStep + 1);
  if (step <= totpStep(now) + 1) {
    phone.lastStep = step;
    return totpCode(phone.secret, step * 30_000);
  }
  const code = phone.recoveryCodes.shift();
  if (!code) throw new Error(`No code de secours left for "${email}"`);
  return code;
}

/** Signs the agent in with the password, and with a code when the account asks for one. */
export async function signInWithCode(
  t: TestInstance,
  agent: Agent,
  input: { email: string; password: string },
): Promise<void> {
  const { challenge } = await agent.trpc.auth.signIn.mutate(input);
  if (challenge) {
    await agent.trpc.auth.verifySecondFactor.mutate({ challenge, code: codeFor(t, input.email) });
  }
}
