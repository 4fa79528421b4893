// Stops what jest-global-setup.mjs started: the test containers, or the embedded PostgreSQL and its
// folders; removes the run's relocation root and checks the machine's was left alone.
import { rmSync } from 'node:fs';
import { entriesOf, MACHINE_PG_ROOT } from './jest-global-setup.mjs';

export default async function globalTeardown() {
  await stopServices();
  if (globalThis.__yumiaoTestPgRoot !== undefined) {
    rmSync(globalThis.__yumiaoTestPgRoot, { recursive: true, force: true });
    globalThis.__yumiaoTestPgRoot = undefined;
  }
  const before = new Set(globalThis.__yumiaoMachinePgRootBefore ?? []);
  const left = entriesOf(MACHINE_PG_ROOT).filter((entry) => !before.has(entry));
  if (left.length > 0) {
    throw new Error(
      `the tests left ${left.map((entry) => `${MACHINE_PG_ROOT}/${entry}`).join(', ')} behind: ` +
        "something started an embedded PostgreSQL without the run's EMBEDDED_PG_ROOT",
    );
  }
}

async function stopServices() {
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
