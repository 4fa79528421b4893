import { Batch } from '../batches/batch.entity.js';
import { BatchEvent } from '../batches/batch-event.entity.js';
import { Buyer } from '../buyers/buyer.entity.js';
import { Crop } from '../crops/crop.entity.js';
import { Variety } from '../crops/variety.entity.js';
import { AllocationRow } from '../matching/allocation.entity.js';
import { Delivery } from '../orders/delivery.entity.js';
import { Order } from '../orders/order.entity.js';
import { OrderLine } from '../orders/order-line.entity.js';
import { Payment } from '../orders/payment.entity.js';
import { Cost } from '../reports/cost.entity.js';
import { AlarmSetting } from '../alarms/alarm-setting.entity.js';
import { Alarm } from '../alarms/alarm.entity.js';
import { DutyRosterEntry } from '../alarms/duty-roster.entity.js';
import { AlarmNotification } from '../alarms/notification.entity.js';
import { Command } from '../control/command.entity.js';
import { Schedule } from '../control/schedule.entity.js';
import { AuditEntry } from '../audit/audit-entry.entity.js';
import { LoginFailure } from '../auth/login-failure.entity.js';
import { Device } from '../devices/device.entity.js';
import { PendingDevice } from '../devices/pending-device.entity.js';
import { RefreshToken } from '../auth/refresh-token.entity.js';
import { Setting } from '../settings/setting.entity.js';
import { SystemEvent } from '../system/system-event.entity.js';
import { User } from '../users/user.entity.js';
import { Bench } from '../zones/bench.entity.js';
import { Zone } from '../zones/zone.entity.js';
import { RequestRecord } from '../idempotency/request-record.entity.js';
import { Observation } from '../observations/observation.entity.js';
import { ClimatePassport } from '../passport/climate-passport.entity.js';
import { Photo } from '../observations/photo.entity.js';

/** Alarms, commands and schedules (issue 6). */
export const CONTROL_ENTITIES = [Alarm, AlarmSetting, DutyRosterEntry, AlarmNotification, Command, Schedule];

/** Crops, batches, buyers, orders and reports (issue 5). */
export const ORDER_ENTITIES = [
  Crop,
  Variety,
  Batch,
  BatchEvent,
  Buyer,
  Order,
  OrderLine,
  AllocationRow,
  Payment,
  Delivery,
  Cost,
];

/**
 * Every TypeORM entity of the api. Listed by hand (not globbed) so the same list works in the
 * built app, the migration CLI and ts-jest. Tables TypeORM cannot describe (the partitioned
 * readings and rollups) have no entity and are reached with SQL in their repositories.
 */
export const ENTITIES = [
  Zone,
  Bench,
  User,
  RefreshToken,
  LoginFailure,
  AuditEntry,
  Setting,
  Device,
  PendingDevice,
  SystemEvent,
  RequestRecord,
  ...CONTROL_ENTITIES,
  ...ORDER_ENTITIES,
  Observation,
  ClimatePassport,
  Photo,
];
