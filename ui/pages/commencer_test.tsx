/** `/commencer/test/:path`: a démarche en test, marked so on its page and on its dossiers. */
import { CommencerPage } from "./commencer.tsx";

export default function CommencerTest() {
  return <CommencerPage test />;
}
