// `npm test`: build (e2e tests spawn the built apps), leave out the suites whose system program is
// missing (saying which, and how to install it; with REQUIRE_ALL=1 that is a failure instead), then
// run jest's three projects (unit, int, e2e). Extra arguments go to jest.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const build = spawnSync(process.execPath, [path.join(root, 'scripts/ensure-built.mjs')], {
  stdio: 'inherit',
});
if (build.status !== 0) process.exit(build.status ?? 1);

const { loadTestConfig } = await import(pathToFileURL(path.join(root, 'dist/libs/config/src/index.js')).href);
const { requireProgram } = await import(
  pathToFileURL(path.join(root, 'dist/libs/testing/src/programs.js')).href
);
const config = loadTestConfig();

function suitesTagged(tag) {
  const pattern = new RegExp(`\\.${tag}\\.(int-|e2e-)?spec\\.ts$`);
  const found = [];
  const visit = (dir) => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      if (entry.name === 'node_modules' || entry.name === 'dist' || entry.name.startsWith('.')) continue;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) visit(full);
      else if (pattern.test(entry.name)) found.push(path.relative(root, full));
    }
  };
  for (const top of ['apps', 'libs', 'test', 'tools']) visit(path.join(root, top));
  return found;
}

const ignore = [];
let missingRequired = false;
for (const program of ['mosquitto', 'chromium', 'socat', 'systemd-analyze']) {
  const availability = requireProgram(program);
  if (availability.available) continue;
  const suites = suitesTagged(availability.suiteTag);
  ignore.push(`\\.${availability.suiteTag}\\.(int-|e2e-)?spec\\.ts$`);
  const outcome = config.requireAll ? 'REQUIRE_ALL=1, so the run fails' : 'these suites were not run';
  process.stdout.write(
    `${program} is not installed (${availability.binary}): ${outcome}` +
      `${suites.length > 0 ? `:\n  ${suites.join('\n  ')}` : ' (no suite needs it yet)'}\n` +
      `  Install it with: ${availability.installCommand}\n`,
  );
  if (config.requireAll) missingRequired = true;
}
if (missingRequired) {
  process.stderr.write('REQUIRE_ALL=1: failing because a program the tests need is missing.\n');
  process.exit(1);
}

// The browser journeys walk the pages, not the services behind them: they run once per CI run, in
// the embedded pass. Against a shared PostgreSQL and Mosquitto they would also meet each other's
// demo devices (same client ids, same houses) and fight over them.
if (config.databaseUrl !== undefined || config.mqttUrl !== undefined) {
  const browserSuites = suitesTagged('browser');
  if (browserSuites.length > 0 && !process.argv.slice(2).some((arg) => arg.includes('browser'))) {
    ignore.push('\\.browser\\.e2e-spec\\.ts$');
    process.stdout.write(
      `TEST_DATABASE_URL / TEST_MQTT_URL are set: the ${browserSuites.length} browser journeys run in the embedded pass only ` +
        '(npm test without them; name a browser suite to run it here anyway).\n',
    );
  }
}

const args = [
  path.join(root, 'node_modules/jest/bin/jest.js'),
  // First: jest's array options (--selectProjects, --testPathIgnorePatterns) swallow the
  // positional arguments that follow them.
  ...process.argv.slice(2),
  '--maxWorkers=2',
  ...(ignore.length > 0 ? [`--testPathIgnorePatterns=${['/node_modules/', ...ignore].join('|')}`] : []),
];
const nodeOptions = [process.env.NODE_OPTIONS ?? '', '--experimental-vm-modules'].join(' ').trim();
const result = spawnSync(process.execPath, args, {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, NODE_OPTIONS: nodeOptions },
});
process.exit(result.status ?? 1);
