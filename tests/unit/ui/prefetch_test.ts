/**
 * `ui/prefetch.ts`: a query sent ahead by a route's preload is handed to the page that asks
 * the same query with the same input, once, instead of being sent again; a different input, a
 * second ask or any mutation goes to the server; a prefetch's failure reaches the page.
 */
import { suite } from "../../helpers/suite.ts";
import * as assert from "uvu/assert";
import { createTRPCClient, type TRPCLink } from "@trpc/client";
import { observable } from "@trpc/server/observable";
import type { AppRouter } from "../../../core/api/router.ts";
import { PREFETCH, prefetch, prefetchLink } from "../../../ui/prefetch.ts";
import { TRPCClientError } from "@trpc/client";

/** A client whose server is a counter: each call answers how many calls came before it. */
function client(opts: { fail?: boolean } = {}) {
  const sent: string[] = [];
  const server: TRPCLink<AppRouter> = () => ({ op }) =>
    observable((observer) => {
      sent.push(`${op.path} ${JSON.stringify(op.input ?? null)}`);
      const n = sent.length;
      setTimeout(() => {
        if (opts.fail) observer.error(new TRPCClientError("Refusé"));
        else {
          observer.next({ result: { type: "data", data: n } });
          observer.complete();
        }
      }, 5);
    });
  return { sent, api: createTRPCClient<AppRouter>({ links: [prefetchLink, server] }) };
}

const test = suite("prefetched queries");

test("the page's ask is answered by the prefetch, once", async () => {
  const { sent, api } = client();
  prefetch(api.instruction.collegues.query({ demarcheId: 7 }, PREFETCH));
  const first = await api.instruction.collegues.query({ demarcheId: 7 });
  assert.is(sent.length, 1);
  assert.is(first, 1 as unknown);
  const again = await api.instruction.collegues.query({ demarcheId: 7 });
  assert.is(sent.length, 2, "a second ask (a refetch) goes to the server");
  assert.is(again, 2 as unknown);
});

test("another input is another query", async () => {
  const { sent, api } = client();
  prefetch(api.instruction.collegues.query({ demarcheId: 7 }, PREFETCH));
  await api.instruction.collegues.query({ demarcheId: 8 });
  assert.is(sent.length, 2);
});

test("the order of an input's keys does not matter", async () => {
  const { sent, api } = client();
  prefetch(api.usager.demarche.query({ path: "p", test: false }, PREFETCH));
  await api.usager.demarche.query({ test: false, path: "p" });
  assert.is(sent.length, 1);
});

test("a mutation forgets what was prefetched", async () => {
  const { sent, api } = client();
  prefetch(api.instruction.collegues.query({ demarcheId: 9 }, PREFETCH));
  await api.auth.signOut.mutate();
  await api.instruction.collegues.query({ demarcheId: 9 });
  assert.is(sent.length, 3);
});

test("a prefetch's failure reaches the page that asks", async () => {
  const { sent, api } = client({ fail: true });
  prefetch(api.instruction.collegues.query({ demarcheId: 3 }, PREFETCH));
  const error = await api.instruction.collegues.query({ demarcheId: 3 }).catch((e) => e);
  assert.instance(error, TRPCClientError);
  assert.is(sent.length, 1);
});

test.run();
