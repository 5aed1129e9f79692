/**
 * `deno task bench save`: in-process micro-benchmark of `usager.save` through the real app
 * (tRPC over `app.fetch`, a real SQLite file): one champ saved by the owner, alone and with
 * the base revision the autosave sends, then ten saves of ten champs at once (owner and
 * invité). CPU time, not the wall clock (see `micro.ts`); the first variant is the yardstick.
 * Options: `--rounds=5 --ms=1500`.
 */
import { compare } from "./micro.ts";
import {
  signedUpAgent,
  startTestInstance,
  superAdminAgent,
  tokenFrom,
} from "../helpers/instance.ts";
import { publishedDemarche } from "../helpers/demarche.ts";

function option(name: string, fallback: number): number {
  const arg = Deno.args.find((a) => a.startsWith(`--${name}=`));
  return arg ? Number(arg.slice(name.length + 3)) : fallback;
}

const TEN = Array.from({ length: 10 }, (_, i) => `c${i}`);
const t = await startTestInstance();
try {
  const admin = await superAdminAgent(t);
  await publishedDemarche(admin, {
    titre: "Banc d’essai",
    path: "banc",
    form: {
      champs: [
        ...TEN.map((stableId, i) => ({ stableId, type: "text", label: `Champ ${i + 1}` })),
        ...Array.from({ length: 20 }, (_, i) => ({
          stableId: `autre${i}`,
          type: "text",
          label: `Autre champ ${i + 1}`,
        })),
      ],
      annotations: [],
    },
  });
  const owner = await signedUpAgent(t, "titulaire@exemple.fr");
  const { id } = await owner.trpc.usager.start.mutate({ path: "banc" });
  await owner.trpc.usager.save.mutate({
    id,
    values: Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`autre${i}`, `valeur ${i}`])),
  });
  await owner.trpc.usager.invitations.invite.mutate({
    dossierId: id,
    email: "invite@exemple.fr",
    message: "",
    kind: "email",
    scope: { sections: [] },
  });
  const invite = t.agent();
  await invite.trpc.auth.setPassword.mutate({
    token: tokenFrom(await t.mail("invite@exemple.fr", "vous invite")),
    password: "Completer-Le-Dossier-2026",
  });
  let n = 0;
  let base = 0;
  // deno-lint-ignore no-explicit-any
  const save = (agent: typeof owner, input: any) => agent.trpc.usager.save.mutate(input);
  const results = await compare([
    { name: "one champ", run: () => save(owner, { id, values: { c0: `v${n++}` } }) },
    {
      name: "one champ, with its base revision",
      run: async () => {
        const r = await save(owner, { id, values: { c1: `v${n++}` }, bases: { c1: base } });
        base = r.revisions?.c1 ?? 0;
      },
    },
    {
      name: "ten champs at once (÷10)",
      run: async () => {
        // Counted as one op: divided by ten below.
        await Promise.all(
          TEN.map((c, j) => save(j % 2 ? invite : owner, { id, values: { [c]: `v${n++}` } })),
        );
      },
    },
  ], { rounds: option("rounds", 5), ms: option("ms", 1500) });
  for (const r of results) {
    const ops = r.name.includes("÷10") ? r.opsPerSecond * 10 : r.opsPerSecond;
    console.log(
      `${r.name.padEnd(36)} ${ops.toFixed(0).padStart(6)} saves/s of CPU  (${
        (1000 / ops).toFixed(3)
      } ms each)`,
    );
  }
} finally {
  await t.stop();
}
