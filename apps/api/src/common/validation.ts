import {
  BadRequestException,
  ValidationPipe,
  type ArgumentMetadata,
  type PipeTransform,
  type ValidationError,
} from '@nestjs/common';
import { getMetadataStorage } from 'class-validator';
import { SEGMENT_PATTERN, isConstraint, type Constraint, type ValidationDetail } from '#contracts';

/** class-validator's own names that differ from the contract's constraint list. */
const RENAMED: Readonly<Record<string, Constraint>> = {
  whitelistValidation: 'UNKNOWN_FIELD',
  isUUID: 'isUuid',
  isURL: 'isUrl',
};

/** The decorator's arguments (`@Max(5000000)` → [5000000]) as the constraint's named parameters. */
function paramsOf(constraint: Constraint, values: readonly unknown[]): Record<string, unknown> {
  switch (constraint) {
    case 'min':
    case 'arrayMinSize':
      return { min: values[0] };
    case 'max':
    case 'arrayMaxSize':
    case 'maxDepth':
    case 'maxBytes':
      return { max: values[0] };
    case 'isLength':
      return { min: values[0], max: values[1] };
    case 'isIn':
      return { allowed: values[0] };
    case 'isCalendarDate':
    case 'isInstant':
      return { min: values[0], max: values[1] };
    default:
      return {};
  }
}

function detailsOf(error: ValidationError, field: string): ValidationDetail[] {
  const names = Object.keys(error.constraints ?? {});
  const target = error.target?.constructor;
  const metadata = target
    ? getMetadataStorage()
        .getTargetValidationMetadatas(target, '', true, false)
        .filter((entry) => entry.propertyName === error.property)
    : [];
  return names.map((name) => {
    // A constraint outside the list is a "not in the expected form": the list is what pages can say.
    const renamed = RENAMED[name] ?? name;
    const constraint: Constraint = isConstraint(renamed) ? renamed : 'matches';
    const values = metadata.find((entry) => entry.name === name)?.constraints ?? [];
    return { field, constraint, params: paramsOf(constraint, values) } as ValidationDetail;
  });
}

export function flatten(errors: readonly ValidationError[], prefix = ''): ValidationDetail[] {
  return errors.flatMap((error) => {
    const field = prefix ? `${prefix}.${error.property}` : error.property;
    return [...detailsOf(error, field), ...flatten(error.children ?? [], field)];
  });
}

/**
 * The global pipe: unknown fields are refused and every problem names its field, its constraint
 * and the constraint's parameters (`{ field: 'lines.0.quantity', constraint: 'max', params:
 * { max: 5000000 } }`), which the pages turn into text through the message catalogue.
 */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    // The target names the DTO class, whose decorators hold each constraint's parameters.
    validationError: { target: true, value: false },
    exceptionFactory: (errors) => {
      const details = flatten(errors);
      const message = details.map((problem) => `${problem.field}: ${problem.constraint}`).join(', ');
      return new BadRequestException({
        code: 'VALIDATION_FAILED',
        message: message || 'Invalid request',
        details,
      });
    },
  });
}

/** Half of a UTF-16 surrogate pair without its other half: JSON's `"\ud800"`, no Unicode text. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

function storable(text: string): boolean {
  return !text.includes('\u0000') && !LONE_SURROGATE.test(text);
}

/**
 * The field of the first text in a request value (keys included) that PostgreSQL cannot store: a
 * NUL character (text and jsonb refuse it, SQLSTATE 22021 or 22P05) or a lone surrogate (jsonb
 * refuses its escape; text columns would keep a replacement character instead of what was sent).
 * Walked without recursion, like jsonDepth.
 */
export function unstorableTextAt(value: unknown, field = ''): string | undefined {
  const stack: [unknown, string][] = [[value, field]];
  while (stack.length > 0) {
    const [node, path] = stack.pop()!;
    if (typeof node === 'string') {
      if (!storable(node)) return path;
      continue;
    }
    if (typeof node !== 'object' || node === null) continue;
    for (const [key, child] of Object.entries(node)) {
      const childPath = path ? `${path}.${key}` : key;
      if (!storable(key)) return childPath;
      stack.push([child, childPath]);
    }
  }
  return undefined;
}

/**
 * Runs before the validation pipe on every body, query and path value: text no column can hold is
 * refused naming its field (`{ field: 'name', constraint: 'storableText' }`), for every route at
 * once, instead of reaching PostgreSQL (a 400 INVALID_VALUE that names nothing, after the service
 * may already have written part of the change; found by the HTTP fuzz test).
 */
export class StorableTextPipe implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    if (metadata.type === 'custom') return value;
    const field = unstorableTextAt(value, metadata.data ?? '');
    if (field === undefined) return value;
    throw refused({ field: field || metadata.type, constraint: 'storableText', params: {} });
  }
}

/**
 * A zone code in a path (`/api/zones/gh1`, `/api/alarms/settings/gh1`): an MQTT topic segment, as
 * CreateZoneDto takes it, or '*' (every zone) where `siteWide`. A 2,000-character code reached the
 * zone column of alarm_settings (varchar 64) as a PostgreSQL error (found by the HTTP fuzz test).
 */
export class ZoneCodePipe implements PipeTransform<string, string> {
  constructor(private readonly options: { readonly siteWide?: boolean } = {}) {}

  transform(value: string, metadata: ArgumentMetadata): string {
    if (SEGMENT_PATTERN.test(value) || (this.options.siteWide === true && value === '*')) return value;
    throw refused({ field: metadata.data ?? 'zone', constraint: 'isCode', params: {} });
  }
}

function refused(detail: ValidationDetail): BadRequestException {
  return new BadRequestException({
    code: 'VALIDATION_FAILED',
    message: `${detail.field}: ${detail.constraint}`,
    details: [detail],
  });
}
