/**
 * CPU time a process has used, from `/proc/<pid>/stat` (Linux). On a busy machine
 * requests/s depend on what else runs; CPU time per request much less so, which makes it
 * the steadier of the two figures the benchmark prints.
 */

/** Clock ticks per second of `/proc` figures: 100 on every Linux Deno runs on. */
const TICKS_PER_SECOND = 100;

/** User plus system CPU time of `pid` (all its threads), in ms; NaN where unavailable. */
export async function processCpuMs(pid: number): Promise<number> {
  try {
    const stat = await Deno.readTextFile(`/proc/${pid}/stat`);
    // Fields after the command name, which sits in parentheses and may contain spaces.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const ticks = Number(fields[11]) + Number(fields[12]);
    return ticks * 1000 / TICKS_PER_SECOND;
  } catch {
    return NaN;
  }
}
