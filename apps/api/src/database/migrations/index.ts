import { Foundation1795912884282 } from './1795912884282-foundation.js';
import { Devices1795913009198 } from './1795913009198-devices.js';
import { TelemetryStorage1795913100000 } from './1795913100000-telemetry-storage.js';
import { AlarmsControl1795913446132 } from './1795913446132-alarms-control.js';
import { Orders1795913700000 } from './1795913700000-orders.js';
import { HourlyRollupQueue1795916500000 } from './1795916500000-hourly-rollup-queue.js';
import { RollupFillfactor1795916600000 } from './1795916600000-rollup-fillfactor.js';
import { DeviceMeta1795917000000 } from './1795917000000-device-meta.js';
import { ReadingsJournal1795918000000 } from './1795918000000-readings-journal.js';
import { ReadingSeries1795919000000 } from './1795919000000-reading-series.js';

/** Every migration in order. New migrations are appended here (TypeORM sorts by timestamp too). */
export const MIGRATIONS = [
  Foundation1795912884282,
  Devices1795913009198,
  TelemetryStorage1795913100000,
  AlarmsControl1795913446132,
  Orders1795913700000,
  HourlyRollupQueue1795916500000,
  RollupFillfactor1795916600000,
  DeviceMeta1795917000000,
  ReadingsJournal1795918000000,
  ReadingSeries1795919000000,
];
