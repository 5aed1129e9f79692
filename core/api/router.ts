/** The root tRPC router, grouped by audience. Its type is the public API the UI imports. */
import { router } from "../rpc/trpc.ts";
import { adminRequestsRouter, authRouter } from "../accounts/router.ts";
import { identityProvidersAdminRouter } from "../accounts/identity_router.ts";
import { catalogueRouter, demarchesAdminRouter } from "../demarches/router.ts";
import { usagerProcedures } from "../dossiers/router.ts";
import { expertRouter, instructionProcedures } from "../instruction/router.ts";
import { conserverProcedures } from "../conservation/router.ts";
import { attestationsRouter } from "../instruction/verification_router.ts";
import { jobsRouter } from "../jobs/router.ts";
import { antivirusProcedure } from "../files/router.ts";
import { messagerieRouter } from "../messagerie/router.ts";
import { pluginQueryProcedure, pluginsAdminRouter } from "../plugin_host/router.ts";
import { jetonsRouter, preremplissageProcedure } from "../api_rest/router.ts";
import { webhooksRouter } from "../webhooks/router.ts";
import { auditRouter } from "../audit/router.ts";

export const appRouter = router({
  auth: authRouter,
  admin: router({
    demarches: demarchesAdminRouter,
    catalogue: catalogueRouter,
    jetons: jetonsRouter,
    webhooks: webhooksRouter,
  }),
  usager: router({
    ...usagerProcedures,
    conserver: conserverProcedures.usager,
    preremplissage: preremplissageProcedure,
  }),
  instruction: router({ ...instructionProcedures, conserver: conserverProcedures.instructeur }),
  expert: expertRouter,
  attestations: attestationsRouter,
  messagerie: messagerieRouter,
  plugins: router({ query: pluginQueryProcedure }),
  superadmin: router({
    demandesAdmin: adminRequestsRouter,
    jobs: jobsRouter,
    antivirus: antivirusProcedure,
    plugins: pluginsAdminRouter,
    identityProviders: identityProvidersAdminRouter,
    audit: auditRouter,
  }),
});

export type AppRouter = typeof appRouter;
