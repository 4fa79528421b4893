// Builds only what is stale: the TypeScript projects (tsc -b, incremental) when a source is newer
// than dist/.tsbuildinfo, and the web app (Vite) when its sources are newer than apps/web/dist.
// Up to date, it only walks the source trees (tens of milliseconds), so `npm start` stays fast.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync, utimesSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SKIP = new Set(['node_modules', 'dist', 'coverage', '.git', 'test-artifacts']);

/** Newest modification time (ms) under the given paths, skipping build output. */
function newest(paths, filter = () => true) {
  let max = 0;
  const visit = (p) => {
    let stat;
    try {
      stat = statSync(p);
    } catch {
      return;
    }
    if (stat.isDirectory()) {
      for (const entry of readdirSync(p)) if (!SKIP.has(entry)) visit(path.join(p, entry));
    } else if (filter(p)) {
      max = Math.max(max, stat.mtimeMs);
    }
  };
  for (const p of paths) visit(path.join(root, p));
  return max;
}

function mtime(file) {
  try {
    return statSync(path.join(root, file)).mtimeMs;
  } catch {
    return 0;
  }
}

function touch(file) {
  const full = path.join(root, file);
  if (existsSync(full)) {
    const now = new Date();
    utimesSync(full, now, now);
  }
}

function run(command, args, cwd = root) {
  const result = spawnSync(command, args, { cwd, stdio: 'inherit' });
  if (result.status !== 0) {
    process.stderr.write(
      `ensure-built: ${[command, ...args].join(' ')} failed (${result.status ?? result.signal})\n`,
    );
    process.exit(result.status ?? 1);
  }
}

const started = Date.now();
const built = [];

function topLevelDirs(dir) {
  try {
    return readdirSync(path.join(root, dir)).map((name) => path.join(dir, name, 'src'));
  } catch {
    return [];
  }
}

const tsSources = [
  ...topLevelDirs('apps').filter((p) => !p.startsWith(path.join('apps', 'web'))),
  ...topLevelDirs('libs'),
  'tools',
  'tsconfig.json',
  'tsconfig.build.json',
  'package.json',
];
const isBuildInput = (p) => !/\.(int-|e2e-)?spec\.ts$/.test(p);
if (newest(tsSources, isBuildInput) > mtime('dist/.tsbuildinfo')) {
  run(process.execPath, [path.join(root, 'node_modules/typescript/bin/tsc'), '-b', 'tsconfig.build.json']);
  // tsc -b leaves its buildinfo alone when a touched file did not really change: mark it fresh
  // so the next start skips tsc altogether.
  touch('dist/.tsbuildinfo');
  built.push('TypeScript');
}

// apps/web has no package.json of its own: its vite.config.ts sets the root, the output folder and
// the first-load budget (the build fails over it), so `npm run build:web` and this run the same thing.
const web = path.join(root, 'apps/web');
const viteConfig = ['vite.config.ts', 'vite.config.mts', 'vite.config.js', 'vite.config.mjs'].find((name) =>
  existsSync(path.join(web, name)),
);
if (viteConfig !== undefined) {
  const output = mtime('apps/web/dist/index.html');
  if (newest(['apps/web', 'libs/contracts/src']) > output) {
    run(process.execPath, [
      path.join(root, 'node_modules/vite/bin/vite.js'),
      'build',
      '--config',
      path.join('apps/web', viteConfig),
    ]);
    touch('apps/web/dist/index.html');
    built.push('web');
  }
}

if (built.length > 0)
  process.stdout.write(`Built ${built.join(' and ')} in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
