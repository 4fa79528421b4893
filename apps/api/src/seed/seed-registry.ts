import { Injectable, Logger } from '@nestjs/common';
import { SettingsRepository } from '../settings/settings.repository.js';

/** Left by `npm run restore` (backup/restore.ts). */
export const RESTORED_FROM_SETTING = 'restored-from';

export interface SeedStep {
  /** Stable name; the step runs once per database and is remembered under `seed:<name>`. */
  readonly name: string;
  /** Lower runs first: the foundation seeds zones and accounts (0), later features build on them. */
  readonly order: number;
  run(): Promise<void>;
}

/**
 * Demo data is contributed by each feature module (the foundation's site, zones and accounts; the
 * telemetry's devices; the batches' crops and sowings). Modules register their steps at init;
 * the boot runs them in order when DEMO_SEED is on.
 */
@Injectable()
export class SeedRegistry {
  private readonly logger = new Logger('seed');
  private readonly steps: SeedStep[] = [];

  constructor(private readonly settings: SettingsRepository) {}

  register(step: SeedStep): void {
    this.steps.push(step);
  }

  async runAll(): Promise<string[]> {
    const ran: string[] = [];
    // A restored nursery is real data: no demo zones, accounts or orders on top of it.
    if ((await this.settings.get<unknown>(RESTORED_FROM_SETTING, null)) !== null) return ran;
    for (const step of [...this.steps].sort((a, b) => a.order - b.order)) {
      if (!(await this.settings.claim(`seed:${step.name}`, { startedAt: new Date().toISOString() })))
        continue;
      try {
        await step.run();
        ran.push(step.name);
      } catch (error) {
        // Forget the marker so the next start tries again instead of leaving half a demo.
        await this.settings.remove(`seed:${step.name}`);
        throw error;
      }
    }
    if (ran.length > 0) this.logger.log(`demo data seeded: ${ran.join(', ')}`);
    return ran;
  }
}
