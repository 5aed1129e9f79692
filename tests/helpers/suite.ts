/**
 * uvu's `suite`, with its `before` and `after` hooks made loud: uvu runs a suite's hooks
 * inside a `try … finally { return }`, so an error thrown while setting a suite up vanishes
 * and the suite only reads « 0 / N ». Here the error is printed with the suite's name before
 * it is thrown on. Every test file imports `suite` from here.
 */
import { suite as uvuSuite } from "uvu";

type Hook<S> = (state: S) => void | Promise<void>;

export function suite<S = Record<string, unknown>>(name: string, state?: S) {
  const test = uvuSuite<S>(name, state);
  const loud = (register: (hook: Hook<S>) => void, when: string) => (hook: Hook<S>) =>
    register(async (s: S) => {
      try {
        await hook(s);
      } catch (error) {
        console.error(`\n« ${name} »: the ${when} hook failed:`, error);
        throw error;
      }
    });
  const before = loud(test.before.bind(test), "before");
  const after = loud(test.after.bind(test), "after");
  return Object.assign(test, {
    before: Object.assign(before, { each: test.before.each }),
    after: Object.assign(after, { each: test.after.each }),
  });
}
