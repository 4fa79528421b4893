/**
 * Every validation constraint a field can fail, with its parameters. A 400 VALIDATION_FAILED answers
 * `details: [{ field, constraint, params }]`, e.g.
 * `{ field: 'lines.0.quantity', constraint: 'max', params: { max: 5000000 } }`; a field the route
 * does not take is `{ field, constraint: 'UNKNOWN_FIELD', params: {} }`.
 */
export interface ConstraintParams {
  UNKNOWN_FIELD: Record<string, never>;
  isDefined: Record<string, never>;
  isString: Record<string, never>;
  isInt: Record<string, never>;
  isNumber: Record<string, never>;
  isBoolean: Record<string, never>;
  isObject: Record<string, never>;
  isArray: Record<string, never>;
  isUuid: Record<string, never>;
  isUrl: Record<string, never>;
  isDate: Record<string, never>;
  nestedValidation: Record<string, never>;
  min: { min: number };
  max: { max: number };
  isLength: { min: number; max: number };
  arrayMinSize: { min: number };
  arrayMaxSize: { max: number };
  isIn: { allowed: readonly (string | number | boolean)[] };
  matches: Record<string, never>;
  isPhone: Record<string, never>;
  isCode: Record<string, never>;
  isCalendarDate: { min: string; max: string };
  isInstant: { min: string; max: string };
  isClockTime: Record<string, never>;
  isStateList: Record<string, never>;
  maxDepth: { max: number };
  maxBytes: { max: number };
  singleValue: Record<string, never>;
  /** Text with a NUL character or half of a UTF-16 surrogate pair: nothing can store or show it. */
  storableText: Record<string, never>;
}

export type Constraint = keyof ConstraintParams;

export interface ValidationDetail<C extends Constraint = Constraint> {
  readonly field: string;
  readonly constraint: C;
  readonly params: ConstraintParams[C];
}

export const CONSTRAINT_PARAM_NAMES = {
  UNKNOWN_FIELD: [],
  isDefined: [],
  isString: [],
  isInt: [],
  isNumber: [],
  isBoolean: [],
  isObject: [],
  isArray: [],
  isUuid: [],
  isUrl: [],
  isDate: [],
  nestedValidation: [],
  min: ['min'],
  max: ['max'],
  isLength: ['min', 'max'],
  arrayMinSize: ['min'],
  arrayMaxSize: ['max'],
  isIn: ['allowed'],
  matches: [],
  isPhone: [],
  isCode: [],
  isCalendarDate: ['min', 'max'],
  isInstant: ['min', 'max'],
  isClockTime: [],
  isStateList: [],
  maxDepth: ['max'],
  maxBytes: ['max'],
  singleValue: [],
  storableText: [],
} as const satisfies { readonly [C in Constraint]: readonly (keyof ConstraintParams[C])[] };

export const CONSTRAINTS = Object.keys(CONSTRAINT_PARAM_NAMES) as Constraint[];

export function isConstraint(value: unknown): value is Constraint {
  return typeof value === 'string' && Object.hasOwn(CONSTRAINT_PARAM_NAMES, value);
}
