/**
 * Follow or stop following a dossier: « Suivre » or « Ne plus suivre », with a star that
 * shows the current state. The caller refreshes what depends on it once the server answered.
 */
import { createSignal } from "solid-js";
import { api, problemOf } from "../../api.ts";

export interface FollowButtonProps {
  readonly id: number;
  readonly followed: boolean;
  readonly small?: boolean;
  /** Called with the new state, or with the French message of a failure. */
  readonly onDone: (result: { followed: boolean } | { error: string }) => void;
}

export function FollowButton(props: FollowButtonProps) {
  const [pending, setPending] = createSignal(false);
  const toggle = async () => {
    const on = !props.followed;
    setPending(true);
    try {
      await api.instruction.follow.mutate({ id: props.id, on });
      props.onDone({ followed: on });
    } catch (error) {
      props.onDone({ error: problemOf(error).message });
    } finally {
      setPending(false);
    }
  };
  return (
    <button
      type="button"
      class="button button--secondary follow-button"
      classList={{ "button--small": props.small, "follow-button--on": props.followed }}
      disabled={pending()}
      onClick={toggle}
    >
      <span class="follow-button__star" aria-hidden="true">{props.followed ? "★" : "☆"}</span>
      {props.followed ? "Ne plus suivre" : "Suivre"}
      <span class="visually-hidden">le dossier n° {props.id}</span>
    </button>
  );
}
