/** People made the way real ones are, through the API and the e-mails they receive. */
import { type Agent, type TestInstance, tokenFrom } from "./instance.ts";

/** An administrator: request, acceptance by the super-admin, password from the e-mail. */
export async function adminAgent(
  t: TestInstance,
  superAdmin: Agent,
  email: string,
): Promise<Agent> {
  await t.agent().trpc.auth.requestAdminAccount.mutate({
    nom: email,
    organisation: "Commune",
    email,
    motif: "Démarches de la commune",
  });
  const [request] = (await superAdmin.trpc.superadmin.demandesAdmin.list.query({}))
    .filter((r) => r.email === email);
  await superAdmin.trpc.superadmin.demandesAdmin.accept.mutate({ id: request.id });
  const agent = t.agent();
  await agent.trpc.auth.setPassword.mutate({
    token: tokenFrom(await t.mail(email, "compte administrateur")),
    password: "Administrer-La-Commune-2026",
  });
  return agent;
}

/** Someone invited by e-mail (instructeur, expert…) who sets a password from the link. */
export async function invitedAgent(
  t: TestInstance,
  email: string,
  subject = "Vous êtes instructeur",
  password = "Instruire-Les-Dossiers-2026",
): Promise<Agent> {
  const agent = t.agent();
  await agent.trpc.auth.setPassword.mutate({
    token: tokenFrom(await t.mail(email, subject)),
    password,
  });
  return agent;
}
