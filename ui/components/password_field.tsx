/**
 * A new password's field with every rule shown up front (the server's own list, from
 * core/shared/password.ts) and ticked off as the person types, so nobody learns a rule only
 * by being refused.
 */
import { createSignal, For } from "solid-js";
import { passwordRules } from "../../core/shared/password.ts";
import { Field } from "./field.tsx";

export function PasswordField(props: {
  readonly name: string;
  readonly label: string;
  readonly error?: string;
  /** The account's address, when known: the password must not contain it. */
  readonly email?: () => string | undefined;
}) {
  const [password, setPassword] = createSignal("");
  const rules = () => passwordRules(password(), props.email?.());
  return (
    <Field
      name={props.name}
      label={props.label}
      type="password"
      autocomplete="new-password"
      required
      error={props.error}
      onInput={(event) => setPassword(event.currentTarget.value)}
      hint={
        <ul class="password-rules">
          <For each={rules()}>
            {(rule) => (
              <li classList={{ "password-rules__met": rule.met }}>
                <span aria-hidden="true" class="password-rules__mark">{rule.met ? "✓" : "•"}</span>
                {rule.label}
                <span class="visually-hidden">{rule.met ? " : respecté" : " : pas encore"}</span>
              </li>
            )}
          </For>
        </ul>
      }
    />
  );
}
