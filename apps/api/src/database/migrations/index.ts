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
import { DeadLetterRaw1795920500000 } from './1795920500000-dead-letter-raw.js';
import { SystemEvents1795921000000 } from './1795921000000-system-events.js';
import { AlarmChannels1795929000000 } from './1795929000000-alarm-channels.js';
import { DeadLetterPayloadWidth1795929500000 } from './1795929500000-dead-letter-payload-width.js';
import { RequestRecords1795930000000 } from './1795930000000-request-records.js';
import { BatchRecords1795931000000 } from './1795931000000-batch-records.js';
import { CostBatch1796548676575 } from './1796548676575-cost-batch.js';
import { MustChangePassword1796600000000 } from './1796600000000-must-change-password.js';
import { AlarmParams1796700000000 } from './1796700000000-alarm-params.js';
import { RobotSecret1796800000000 } from './1796800000000-robot-secret.js';
import { CropCatalogue1796900000000 } from './1796900000000-crop-catalogue.js';
import { Benches1797000000000 } from './1797000000000-benches.js';
import { BenchMoistureSensor1797050000000 } from './1797050000000-bench-moisture-sensor.js';
import { Observations1797100000000 } from './1797100000000-observations.js';
import { ClimatePassports1797200000000 } from './1797200000000-climate-passports.js';

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
  DeadLetterRaw1795920500000,
  SystemEvents1795921000000,
  AlarmChannels1795929000000,
  DeadLetterPayloadWidth1795929500000,
  RequestRecords1795930000000,
  BatchRecords1795931000000,
  CostBatch1796548676575,
  MustChangePassword1796600000000,
  AlarmParams1796700000000,
  RobotSecret1796800000000,
  CropCatalogue1796900000000,
  Benches1797000000000,
  BenchMoistureSensor1797050000000,
  Observations1797100000000,
  ClimatePassports1797200000000,
];
