// Stops what jest-global-setup.mjs started: the test containers, or the embedded PostgreSQL and its
// folders.
import { rmSync } from 'node:fs';

export default async function globalTeardown() {
  const containers = globalThis.__yumiaoTestContainers;
  if (containers !== undefined) {
    globalThis.__yumiaoTestContainers = undefined;
    await containers.stop();
  }
  const state = globalThis.__yumiaoTestPostgres;
  if (state === undefined) return;
  globalThis.__yumiaoTestPostgres = undefined;
  await state.server.stop();
  rmSync(state.dataDir, { recursive: true, force: true });
  if (state.server.layout.relocatedTo !== undefined) {
    rmSync(state.server.layout.relocatedTo, { recursive: true, force: true });
  }
}
