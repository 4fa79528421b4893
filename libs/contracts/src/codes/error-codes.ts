/**
 * Every error code the api answers, with the parameters each carries in `params` (the body is
 * `{ statusCode, code, message, params?, details? }`; `message` is English for logs only). A page
 * shows the catalogue's text for the code (libs/contracts/src/messages), never `message`.
 * Adding a code here without its Chinese and English text fails messages/catalogue.spec.ts.
 */
/**
 * Why a crop's profile was refused (checked on the merged profile): a range whose low end is above
 * its high end; cold and heat limits out of order (critical cold ≤ cold warning < heat warning ≤
 * critical heat); a moisture floor not below its ceiling; a tray priced twice; no season it is grown in.
 */
export type CropProblem =
  'range-reversed' | 'limits-reversed' | 'moisture-reversed' | 'tray-priced-twice' | 'no-season';

/**
 * Why an uploaded photo was refused: a content type other than JPEG, PNG or WebP; no bytes; bytes
 * that are not the picture the content type names.
 */
export type PhotoProblem = 'type-not-allowed' | 'empty' | 'not-that-type';

export interface ErrorParams {
  // Requests the api refuses before any service runs.
  VALIDATION_FAILED: Record<string, never>;
  UNKNOWN_FIELD: Record<string, never>;
  INVALID_JSON: Record<string, never>;
  INVALID_VALUE: Record<string, never>;
  PAYLOAD_TOO_LARGE: { max: number };
  UNSUPPORTED_MEDIA_TYPE: Record<string, never>;
  INTERNAL: Record<string, never>;
  DATABASE_UNAVAILABLE: Record<string, never>;
  NOT_FOUND: Record<string, never>;
  CONFLICT: Record<string, never>;
  // Accounts and sessions.
  UNAUTHORIZED: Record<string, never>;
  FORBIDDEN: Record<string, never>;
  INVALID_CREDENTIALS: Record<string, never>;
  ACCOUNT_DISABLED: Record<string, never>;
  TOO_MANY_ATTEMPTS: { retryAfterSeconds: number };
  TOKEN_INVALID: Record<string, never>;
  USER_NOT_FOUND: Record<string, never>;
  PHONE_TAKEN: { phone: string };
  SELF_LOCKOUT: Record<string, never>;
  WRONG_PASSWORD: Record<string, never>;
  PASSWORD_UNCHANGED: Record<string, never>;
  PASSWORD_CHANGE_REQUIRED: Record<string, never>;
  // Houses, devices, readings.
  ZONE_NOT_FOUND: { zone: string };
  ZONE_EXISTS: { zone: string };
  DEVICE_NOT_FOUND: Record<string, never>;
  DEVICE_EXISTS: { device: string };
  /** An external Mosquitto's dynamic security plugin did not take an account change (nothing changed). */
  BROKER_ACCOUNTS_UNAVAILABLE: { reason: string };
  UNKNOWN_METRIC: { metric: string };
  RANGE_REVERSED: Record<string, never>;
  // Alarms.
  ALARM_NOT_FOUND: Record<string, never>;
  ALARM_NOT_OPEN: { state: string };
  UNKNOWN_THRESHOLD: { key: string };
  UNKNOWN_RULE: { rule: string };
  THRESHOLD_NOT_NUMBER: { key: string };
  RULE_DELAY_OUT_OF_RANGE: { rule: string; max: number };
  // Control.
  COMMAND_NOT_FOUND: Record<string, never>;
  SCHEDULE_NOT_FOUND: Record<string, never>;
  COMMAND_PARAMS_INVALID: { detail: string };
  SLOT_PARAMS_INVALID: { slot: number; detail: string };
  MOISTURE_LIMIT_REQUIRED: Record<string, never>;
  NO_DEVICE: { kind: string; device?: string };
  WRONG_DEVICE_KIND: { kind: string; needs: string };
  IRRIGATION_TOO_LONG: { seconds?: number; maxSeconds?: number; passes?: number; maxPasses?: number };
  IRRIGATION_TOO_SOON: { lastIrrigationAt: string; minIntervalMs: number };
  IRRIGATION_WINTER_NIGHT: Record<string, never>;
  SETPOINT_OUT_OF_BAND: { sp_c: number; min: number; max: number };
  BENCH_HEAT_TOO_HOT: { sp_c: number; max: number };
  // Crops and batches.
  CROP_NOT_FOUND: { crop: string };
  UNKNOWN_CROP: { crop: string };
  CROP_EXISTS: { crop: string };
  VARIETY_EXISTS: { crop: string; name: string };
  VARIETY_NOT_FOUND: { crop: string; name: string };
  CROP_PROFILE_INVALID: { field: string; reason: CropProblem };
  BATCH_NOT_FOUND: Record<string, never>;
  BATCH_CLOSED: { stage: string };
  BATCH_NOT_SOWN: Record<string, never>;
  BATCH_ALLOCATED: Record<string, never>;
  REFILL_NOT_FEWER: Record<string, never>;
  CULL_REASON_REQUIRED: Record<string, never>;
  // Buyers and orders.
  BUYER_NOT_FOUND: Record<string, never>;
  BUYER_EXISTS: { buyerId: string };
  NOT_A_BUYER_ACCOUNT: Record<string, never>;
  BUYER_REQUIRED: Record<string, never>;
  WANTED_RANGE_REVERSED: Record<string, never>;
  WANTED_DATE_PAST: { date: string };
  HOUSEHOLDS_OVER_LINE: Record<string, never>;
  ORDER_NOT_FOUND: Record<string, never>;
  ORDER_CLOSED: { status: string };
  LINE_NOT_FOUND: Record<string, never>;
  LINE_NOT_CHANGEABLE: { status: string };
  LINE_NOT_WAITING: { status: string };
  LINE_NOT_DELIVERABLE: { lineId: string; status: string };
  NOTHING_TO_CANCEL: Record<string, never>;
  /** A buyer's cancel or change after the cut-off: only the nursery can do it now. */
  CHANGE_CUTOFF_PASSED: { cutoff: string | null; phone: string };
  NO_DATE: Record<string, never>;
  NOT_CONFIRMABLE: { earliestDate: string | null };
  NOT_ENOUGH_SEEDLINGS: { free: number; batch?: string };
  OVER_DELIVERY: { lineId: string; remaining: number };
  HOUSEHOLD_OVER_DELIVERY: { name: string; quantity: number };
  DELIVERY_NOT_FOUND: Record<string, never>;
  COST_NOT_FOUND: Record<string, never>;
  // Request ids of writes (idempotent replays).
  REQUEST_ID_INVALID: Record<string, never>;
  REQUEST_IN_PROGRESS: Record<string, never>;
  REQUEST_ID_REUSED: Record<string, never>;
  // Backups.
  BACKUP_FAILED: Record<string, never>;
  // Benches of a house.
  BENCH_NOT_FOUND: Record<string, never>;
  BENCH_EXISTS: { name: string };
  // The adviser's observations and their photos.
  PHOTO_INVALID: { field: 'photo'; reason: PhotoProblem };
  PHOTO_NOT_FOUND: Record<string, never>;
  /** A photo id an observation names that this person did not upload, or that another observation holds. */
  PHOTO_NOT_YOURS: Record<string, never>;
  OBSERVATION_NOT_FOUND: Record<string, never>;
  /** Neither or both of batchId and alarmId. */
  OBSERVATION_TARGET_REQUIRED: { field: 'batchId' | 'alarmId' };
  OBSERVATION_DONE: Record<string, never>;
}

export type ErrorCode = keyof ErrorParams;

/** The parameter names of each code, for the catalogue test (a type alone cannot be walked). */
export const ERROR_PARAM_NAMES = {
  VALIDATION_FAILED: [],
  UNKNOWN_FIELD: [],
  INVALID_JSON: [],
  INVALID_VALUE: [],
  PAYLOAD_TOO_LARGE: ['max'],
  UNSUPPORTED_MEDIA_TYPE: [],
  INTERNAL: [],
  DATABASE_UNAVAILABLE: [],
  NOT_FOUND: [],
  CONFLICT: [],
  UNAUTHORIZED: [],
  FORBIDDEN: [],
  INVALID_CREDENTIALS: [],
  ACCOUNT_DISABLED: [],
  TOO_MANY_ATTEMPTS: ['retryAfterSeconds'],
  TOKEN_INVALID: [],
  USER_NOT_FOUND: [],
  PHONE_TAKEN: ['phone'],
  SELF_LOCKOUT: [],
  WRONG_PASSWORD: [],
  PASSWORD_UNCHANGED: [],
  PASSWORD_CHANGE_REQUIRED: [],
  ZONE_NOT_FOUND: ['zone'],
  ZONE_EXISTS: ['zone'],
  DEVICE_NOT_FOUND: [],
  DEVICE_EXISTS: ['device'],
  BROKER_ACCOUNTS_UNAVAILABLE: ['reason'],
  UNKNOWN_METRIC: ['metric'],
  RANGE_REVERSED: [],
  ALARM_NOT_FOUND: [],
  ALARM_NOT_OPEN: ['state'],
  UNKNOWN_THRESHOLD: ['key'],
  UNKNOWN_RULE: ['rule'],
  THRESHOLD_NOT_NUMBER: ['key'],
  RULE_DELAY_OUT_OF_RANGE: ['rule', 'max'],
  COMMAND_NOT_FOUND: [],
  SCHEDULE_NOT_FOUND: [],
  COMMAND_PARAMS_INVALID: ['detail'],
  SLOT_PARAMS_INVALID: ['slot', 'detail'],
  MOISTURE_LIMIT_REQUIRED: [],
  NO_DEVICE: ['kind', 'device'],
  WRONG_DEVICE_KIND: ['kind', 'needs'],
  IRRIGATION_TOO_LONG: ['seconds', 'maxSeconds', 'passes', 'maxPasses'],
  IRRIGATION_TOO_SOON: ['lastIrrigationAt', 'minIntervalMs'],
  IRRIGATION_WINTER_NIGHT: [],
  SETPOINT_OUT_OF_BAND: ['sp_c', 'min', 'max'],
  BENCH_HEAT_TOO_HOT: ['sp_c', 'max'],
  CROP_NOT_FOUND: ['crop'],
  UNKNOWN_CROP: ['crop'],
  CROP_EXISTS: ['crop'],
  VARIETY_EXISTS: ['crop', 'name'],
  VARIETY_NOT_FOUND: ['crop', 'name'],
  CROP_PROFILE_INVALID: ['field', 'reason'],
  BATCH_NOT_FOUND: [],
  BATCH_CLOSED: ['stage'],
  BATCH_NOT_SOWN: [],
  BATCH_ALLOCATED: [],
  REFILL_NOT_FEWER: [],
  CULL_REASON_REQUIRED: [],
  BUYER_NOT_FOUND: [],
  BUYER_EXISTS: ['buyerId'],
  NOT_A_BUYER_ACCOUNT: [],
  BUYER_REQUIRED: [],
  WANTED_RANGE_REVERSED: [],
  WANTED_DATE_PAST: ['date'],
  HOUSEHOLDS_OVER_LINE: [],
  ORDER_NOT_FOUND: [],
  ORDER_CLOSED: ['status'],
  LINE_NOT_FOUND: [],
  LINE_NOT_CHANGEABLE: ['status'],
  LINE_NOT_WAITING: ['status'],
  LINE_NOT_DELIVERABLE: ['lineId', 'status'],
  NOTHING_TO_CANCEL: [],
  CHANGE_CUTOFF_PASSED: ['cutoff', 'phone'],
  NO_DATE: [],
  NOT_CONFIRMABLE: ['earliestDate'],
  NOT_ENOUGH_SEEDLINGS: ['free', 'batch'],
  OVER_DELIVERY: ['lineId', 'remaining'],
  HOUSEHOLD_OVER_DELIVERY: ['name', 'quantity'],
  DELIVERY_NOT_FOUND: [],
  COST_NOT_FOUND: [],
  REQUEST_ID_INVALID: [],
  REQUEST_IN_PROGRESS: [],
  REQUEST_ID_REUSED: [],
  BACKUP_FAILED: [],
  BENCH_NOT_FOUND: [],
  BENCH_EXISTS: ['name'],
  PHOTO_INVALID: ['field', 'reason'],
  PHOTO_NOT_FOUND: [],
  PHOTO_NOT_YOURS: [],
  OBSERVATION_NOT_FOUND: [],
  OBSERVATION_TARGET_REQUIRED: ['field'],
  OBSERVATION_DONE: [],
} as const satisfies { readonly [C in ErrorCode]: readonly (keyof ErrorParams[C])[] };

export const ERROR_CODES = Object.keys(ERROR_PARAM_NAMES) as ErrorCode[];

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.hasOwn(ERROR_PARAM_NAMES, value);
}
