import { AlarmSetting } from '../alarms/alarm-setting.entity.js';
import { Alarm } from '../alarms/alarm.entity.js';
import { DutyRosterEntry } from '../alarms/duty-roster.entity.js';
import { AlarmNotification } from '../alarms/notification.entity.js';
import { Command } from '../control/command.entity.js';
import { Schedule } from '../control/schedule.entity.js';
import { AuditEntry } from '../audit/audit-entry.entity.js';
import { LoginFailure } from '../auth/login-failure.entity.js';
import { RefreshToken } from '../auth/refresh-token.entity.js';
import { Setting } from '../settings/setting.entity.js';
import { User } from '../users/user.entity.js';
import { Zone } from '../zones/zone.entity.js';

/** Alarms, commands and schedules (issue 6). */
export const CONTROL_ENTITIES = [Alarm, AlarmSetting, DutyRosterEntry, AlarmNotification, Command, Schedule];

/**
 * Every TypeORM entity of the api. Listed by hand (not globbed) so the same list works in the
 * built app, the migration CLI and ts-jest. Tables TypeORM cannot describe (the partitioned
 * readings and rollups) have no entity and are reached with SQL in their repositories.
 */
export const ENTITIES = [Zone, User, RefreshToken, LoginFailure, AuditEntry, Setting, ...CONTROL_ENTITIES];
