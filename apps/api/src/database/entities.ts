import { AuditEntry } from '../audit/audit-entry.entity.js';
import { LoginFailure } from '../auth/login-failure.entity.js';
import { RefreshToken } from '../auth/refresh-token.entity.js';
import { Setting } from '../settings/setting.entity.js';
import { User } from '../users/user.entity.js';
import { Zone } from '../zones/zone.entity.js';

/**
 * Every TypeORM entity of the api. Listed by hand (not globbed) so the same list works in the
 * built app, the migration CLI and ts-jest. Tables TypeORM cannot describe (the partitioned
 * readings and rollups) have no entity and are reached with SQL in their repositories.
 */
export const ENTITIES = [Zone, User, RefreshToken, LoginFailure, AuditEntry, Setting];
