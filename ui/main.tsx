/** Entry of the SPA: the session, the router, the page frame. */
import { render } from "solid-js/web";
import { Router } from "@solidjs/router";
import { Layout } from "./components/layout.tsx";
import { SessionProvider } from "./session.tsx";
import { routes } from "./routes.ts";

render(
  () => (
    <SessionProvider>
      <Router root={Layout}>{routes}</Router>
    </SessionProvider>
  ),
  document.getElementById("app")!,
);
