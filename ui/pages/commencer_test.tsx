/**
 * `/commencer/test/:path`: a démarche en test, marked so on its page and on its dossiers. Only
 * its administrators and instructeurs may try it, so a signed-out visitor signs in first.
 */
import { RequireRole } from "../components/require_role.tsx";
import { CommencerPage } from "./commencer.tsx";

export default function CommencerTest() {
  return (
    <RequireRole>
      <CommencerPage test />
    </RequireRole>
  );
}
