/**
 * Shapes shared by every REST answer. These modules are types only: the api declares them as its
 * controllers' return types and the browser's client reads them, so a drift fails a typecheck
 * instead of showing 暂无数据.
 */

/** An instant as the api sends it: `Date.prototype.toJSON`, ISO 8601 in UTC. */
export type IsoDateTime = string;
/** A calendar day in nursery time, `YYYY-MM-DD`. */
export type IsoDate = string;

/**
 * What `JSON.stringify` makes of a server value: dates become ISO strings, methods vanish. The api
 * checks its service results against the contract through this type (`toWire` in
 * apps/api/src/common/wire.ts), since that is exactly what the browser receives.
 */
export type Jsonify<T> = unknown extends T
  ? T
  : T extends Date
    ? IsoDateTime
    : T extends string | number | boolean | null | undefined
      ? T
      : T extends readonly (infer U)[]
        ? Jsonify<U>[]
        : T extends object
          ? { [K in keyof T as T[K] extends (...args: never[]) => unknown ? never : K]: Jsonify<T[K]> }
          : never;

/**
 * Who signs in: the manager (场长), technicians, buyers, and advisers (顾问: the visiting expert,
 * who reads houses, batches, alarms and reports and writes only observations; docs/roles.md lists
 * the routes).
 */
export type Role = 'manager' | 'technician' | 'buyer' | 'adviser';
