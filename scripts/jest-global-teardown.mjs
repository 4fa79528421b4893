// Stops the embedded PostgreSQL that jest-global-setup.mjs started, and removes its folders.
import { rmSync } from 'node:fs';

export default async function globalTeardown() {
  const state = globalThis.__yumiaoTestPostgres;
  if (state === undefined) return;
  globalThis.__yumiaoTestPostgres = undefined;
  await state.server.stop();
  rmSync(state.dataDir, { recursive: true, force: true });
  if (state.server.layout.relocatedTo !== undefined) {
    rmSync(state.server.layout.relocatedTo, { recursive: true, force: true });
  }
}
