import { Transform, Type } from 'class-transformer';
import { applyDecorators } from '@nestjs/common';
import {
  IsNumber,
  IsObject,
  Max,
  Min,
  ValidateBy,
  ValidateIf,
  // The one place that may: IsNested below wraps it.
  // eslint-disable-next-line no-restricted-imports
  ValidateNested,
  buildMessage,
  type ValidationOptions,
} from 'class-validator';
import { DATE_RANGE, INPUT_LIMITS } from './input-limits.js';

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
// A date, then optionally a time with seconds and fraction, then Z or an offset (or nothing: UTC).
const ISO_INSTANT =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|([+-])(\d{2}):?(\d{2}))?)?$/;

/** True when y-m-d names a day of the proleptic Gregorian calendar (no 2027-02-31, no month 13). */
function isRealDay(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** 'YYYY-MM-DD' that exists in the calendar and lies in [min, max] (both inclusive). */
export function isCalendarDate(value: unknown, min: string = DATE_RANGE.min, max: string = DATE_RANGE.max) {
  if (typeof value !== 'string') return false;
  const match = ISO_DATE.exec(value);
  if (!match) return false;
  if (!isRealDay(Number(match[1]), Number(match[2]), Number(match[3]))) return false;
  // Same-width ISO dates compare as strings.
  return value >= min && value <= max;
}

/**
 * A calendar date 'YYYY-MM-DD' between min and max. JavaScript's Date rolls 2027-02-31 over to
 * March 3 and PostgreSQL refuses it (a 500 before this check), so the calendar is checked here.
 */
export function IsCalendarDate(
  min: string = DATE_RANGE.min,
  max: string = DATE_RANGE.max,
  options?: ValidationOptions,
): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isCalendarDate',
      constraints: [min, max],
      validator: {
        validate: (value: unknown) => isCalendarDate(value, min, max),
        defaultMessage: buildMessage(
          (each) => `${each}$property must be a calendar date YYYY-MM-DD from ${min} to ${max}`,
          options,
        ),
      },
    },
    options,
  );
}

/** The instant an ISO 8601 text names, or undefined when its calendar day or clock time is unreal. */
export function parseInstant(value: string): Date | undefined {
  const match = ISO_INSTANT.exec(value);
  if (!match) return undefined;
  const [year, month, day, hour, minute, second, offsetHour, offsetMinute] = [1, 2, 3, 4, 5, 6, 10, 11].map(
    (index) => Number(match[index] ?? '0'),
  ) as [number, number, number, number, number, number, number, number];
  if (!isRealDay(year, month, day)) return undefined;
  if (hour > 23 || minute > 59 || second > 59 || offsetHour > 23 || offsetMinute > 59) return undefined;
  const milliseconds = Number((match[7] ?? '').padEnd(3, '0').slice(0, 3));
  const offset = (match[9] === '-' ? -1 : 1) * (offsetHour * 60 + offsetMinute) * 60_000;
  // No zone means UTC, as for a bare date: the api's instants are UTC throughout.
  return new Date(Date.UTC(year, month - 1, day, hour, minute, second, milliseconds) - offset);
}

/**
 * Turns an ISO 8601 text into a Date when it names a real instant; anything else stays as sent, so
 * that IsInstant refuses it (class-transformer's `@Type(() => Date)` would roll Feb 31 into March).
 */
export function ToInstant(): PropertyDecorator {
  return Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' ? (parseInstant(value) ?? value) : value,
  );
}

/** A Date (from ToInstant) whose day lies in [min, max]. */
export function IsInstant(
  min: string = DATE_RANGE.min,
  max: string = DATE_RANGE.max,
  options?: ValidationOptions,
): PropertyDecorator {
  const lowest = Date.parse(`${min}T00:00:00Z`);
  const highest = Date.parse(`${max}T23:59:59.999Z`);
  return ValidateBy(
    {
      name: 'isInstant',
      constraints: [min, max],
      validator: {
        validate: (value: unknown) =>
          value instanceof Date && value.getTime() >= lowest && value.getTime() <= highest,
        defaultMessage: buildMessage(
          (each) => `${each}$property must be an ISO 8601 instant from ${min} to ${max}`,
          options,
        ),
      },
    },
    options,
  );
}

/** A temperature a person sets, in °C, within what a seedling house can reach. */
export function IsTemperature(): PropertyDecorator {
  return applyDecorators(IsNumber(), Min(INPUT_LIMITS.temperatureMinC), Max(INPUT_LIMITS.temperatureMaxC));
}

/**
 * A field a request may leave out; a value sent, null included, is checked by the field's other
 * decorators. class-validator's IsOptional lets null through too, and no request field of the api
 * takes null: a null reached NOT NULL columns and TypeORM's where conditions as a 500 (found by the
 * HTTP fuzz test). Use this instead of IsOptional (eslint refuses IsOptional in the api).
 */
export function MayBeOmitted(options?: ValidationOptions): PropertyDecorator {
  return ValidateIf((_object: object, value: unknown) => value !== undefined, options);
}

/**
 * A finite number with at most `places` decimals (0.1234 for 4; 1e-9 is refused). class-validator's
 * IsNumber({ maxDecimalPlaces }) splits the number's text at '.', which 1e-9 has none of, and threw
 * a TypeError: a 500 found by the HTTP fuzz test. Reported as isNumber, like IsNumber's failures.
 */
export function IsDecimal(places: number, options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isNumber',
      constraints: [places],
      validator: {
        validate: (value: unknown) =>
          typeof value === 'number' && Number.isFinite(value) && Number(value.toFixed(places)) === value,
        defaultMessage: buildMessage(
          (each) => `${each}$property must be a number with at most ${places} decimals`,
          options,
        ),
      },
    },
    options,
  );
}

/**
 * A nested DTO (or, with `each`, a list of them): an object of that class, checked field by field.
 * ValidateNested alone also takes an array where the object belongs and checks its items instead,
 * so `entries: [[{…}]]` passed and reached the service as an array (a 500 found by the HTTP fuzz
 * test); IsObject refuses it. Use this instead of ValidateNested (eslint refuses it in the api).
 */
export function IsNested(type: () => new () => object, options: { each?: boolean } = {}): PropertyDecorator {
  const each = options.each ?? false;
  return applyDecorators(IsObject({ each }), ValidateNested({ each }), Type(type));
}
