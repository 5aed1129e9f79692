/**
 * A link to another site, from an address a person typed. Only `http(s)://` addresses become
 * links (anything else shows as plain text), and the other site gets no handle on this page
 * nor its address (`rel="noopener noreferrer"`).
 */
import { type JSX, Show } from "solid-js";
import { isHttpUrl } from "../../core/shared/url.ts";

export function ExternalLink(props: { href: string; children?: JSX.Element }) {
  return (
    <Show when={isHttpUrl(props.href)} fallback={<span>{props.children ?? props.href}</span>}>
      <a href={props.href} rel="noopener noreferrer">{props.children ?? props.href}</a>
    </Show>
  );
}
