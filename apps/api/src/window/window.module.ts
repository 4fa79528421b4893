import { Module } from '@nestjs/common';
import { TelemetryWindowFeed } from './telemetry-window.feed.js';
import { WindowReadModel } from './window.read-model.js';

/** The in-memory telemetry window; alarms and control read it, it reads only telemetry's events. */
@Module({
  providers: [WindowReadModel, TelemetryWindowFeed],
  exports: [TelemetryWindowFeed],
})
export class WindowModule {}
