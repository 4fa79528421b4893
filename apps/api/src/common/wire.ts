import type { Jsonify } from '#contracts';

/**
 * A service result as the browser receives it: Nest sends it through `JSON.stringify`, which turns
 * dates into ISO strings and drops methods, and `Jsonify` says exactly that. Controllers return
 * `toWire(result)` under a declared contract type (libs/contracts/src/http), so a result that no
 * longer matches what the browser reads fails the api's typecheck. No copy is made.
 */
export function toWire<T>(value: T): Jsonify<T> {
  // The one place a value is re-typed: the conversion is JSON's own, at the moment Nest sends it.
  return value as unknown as Jsonify<T>;
}
