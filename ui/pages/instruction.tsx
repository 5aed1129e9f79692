/** Placeholder, replaced in the next commit. */
import { Page } from "../components/page.tsx";

export default function Placeholder() {
  return <Page title="Instruction" />;
}
