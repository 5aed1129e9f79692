/** The frame of every page: skip link, header, `<main>`, footer. */
import type { JSX } from "solid-js";
import { Header } from "./header.tsx";

export function Layout(props: { children?: JSX.Element }) {
  let main!: HTMLElement;
  return (
    <>
      <a
        href="#contenu"
        class="skip-link"
        onClick={(event) => {
          event.preventDefault();
          main.focus();
        }}
      >
        Aller au contenu
      </a>
      <Header />
      <main ref={main} id="contenu" class="container site-main" tabIndex={-1}>
        {props.children}
      </main>
      <footer class="site-footer">
        <div class="container">
          <p>Guichet — plateforme libre de démarches en ligne.</p>
        </div>
      </footer>
    </>
  );
}
