/** The super-admin space (the super-admin's pages and the installation): one lazy chunk of the build (`ui/routes.ts`). */
export { default as SuperAdminDemandes } from "../pages/super_admin_demandes.tsx";
export { default as SuperAdminTaches } from "../pages/super_admin_taches.tsx";
export { default as SuperAdminPlugins } from "../pages/super_admin_plugins.tsx";
export { default as SuperAdminFournisseurs } from "../pages/super_admin_fournisseurs.tsx";
export { default as SuperAdminJournal } from "../pages/super_admin_journal.tsx";
export { default as Installation } from "../pages/installation.tsx";
