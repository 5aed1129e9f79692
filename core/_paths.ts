// Path helpers for the entry point, from Node's built-ins (no extra dependency).
export { dirname } from "node:path";
export { fileURLToPath as fromFileUrl } from "node:url";
