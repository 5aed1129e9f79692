/** The `?jeton=` of a link received by e-mail ("" when it is missing). */
import { useSearchParams } from "@solidjs/router";

export function useToken(): () => string {
  const [params] = useSearchParams();
  return () => {
    const value = params.jeton;
    return (Array.isArray(value) ? value[0] : value) ?? "";
  };
}

export const MISSING_TOKEN = "Ce lien est incomplet : copiez l’adresse reçue par e-mail en entier.";
