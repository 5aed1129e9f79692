/** The Web Worker of `snapshotDatabaseInWorker`: one copy, then a message with its outcome. */
/// <reference lib="deno.worker" />
import { snapshotDatabase } from "./snapshot.ts";

self.onmessage = async (event: MessageEvent<{ source: string; target: string }>) => {
  try {
    await snapshotDatabase(event.data.source, event.data.target);
    self.postMessage({});
  } catch (error) {
    self.postMessage({ error: (error as Error).message });
  }
};
