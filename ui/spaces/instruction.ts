/** The instruction space (the instructeurs' démarches, dashboards, dossiers and notification choices): one lazy chunk of the build (`ui/routes.ts`). */
export { default as Instruction } from "../pages/instruction.tsx";
export { default as InstructionDemarche } from "../pages/instruction_demarche.tsx";
export { default as InstructionDossier } from "../pages/instruction_dossier.tsx";
export { default as InstructionNotifications } from "../pages/instruction_notifications.tsx";
export { preloadDashboard } from "../pages/instruction_demarche.tsx";
