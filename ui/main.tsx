import { render } from "solid-js/web";
import { createSignal } from "solid-js";
function App() {
  const [n, setN] = createSignal(0);
  return <button type="button" onClick={() => setN(n() + 1)}>Compteur {n()}</button>;
}
render(() => <App />, document.getElementById("app")!);
