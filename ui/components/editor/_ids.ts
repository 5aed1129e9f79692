/** New stable ids: 10 characters [a-z0-9], random; the backend diffs revisions by them. */
const ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";

export function newStableId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(10));
  return Array.from(bytes, (b) => ALPHABET[b % ALPHABET.length]).join("");
}
