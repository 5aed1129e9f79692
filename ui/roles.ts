/** How each role is named to people. */
import type { Role } from "./session.tsx";

export const ROLE_LABELS: Record<Role, string> = {
  usager: "Usager",
  administrateur: "Administrateur",
  instructeur: "Instructeur",
  expert: "Expert",
  super_admin: "Super-administrateur",
};
