import { writeFileSync } from 'node:fs';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';

const here = path.dirname(fileURLToPath(import.meta.url));
/** Issue 7: the first load (HTML + entry chunk + its static imports + CSS), gzipped. */
const FIRST_LOAD_BUDGET_BYTES = 300 * 1024;

function firstLoadBudget(): Plugin {
  return {
    name: 'yumiao-first-load-budget',
    apply: 'build',
    generateBundle(_options, bundle) {
      const seen = new Set<string>();
      const visit = (name: string) => {
        if (seen.has(name)) return;
        const item = bundle[name];
        if (item === undefined) return;
        seen.add(name);
        if (item.type === 'chunk') {
          for (const imported of item.imports) visit(imported);
          for (const css of item.viteMetadata?.importedCss ?? []) visit(css);
        }
      };
      for (const [name, item] of Object.entries(bundle)) {
        if (item.type === 'chunk' && item.isEntry) visit(name);
        if (item.type === 'asset' && name.endsWith('.html')) seen.add(name);
      }
      let total = 0;
      const lines: string[] = [];
      for (const name of seen) {
        const item = bundle[name];
        const source = item.type === 'chunk' ? item.code : item.source;
        const size = gzipSync(typeof source === 'string' ? Buffer.from(source) : Buffer.from(source)).length;
        total += size;
        lines.push(`  ${name.padEnd(40)} ${(size / 1024).toFixed(1).padStart(7)} KB gz`);
      }
      const verdict = `first load: ${(total / 1024).toFixed(1)} KB gzipped (budget ${FIRST_LOAD_BUDGET_BYTES / 1024} KB)`;
      process.stdout.write(`\n${lines.join('\n')}\n${verdict}\n`);
      if (total > FIRST_LOAD_BUDGET_BYTES) this.error(`Over budget: ${verdict}`);
    },
  };
}

/** Smaller files gain too little over one packet to be worth a second request header. */
const PRECOMPRESS_MIN_BYTES = 1024;

/**
 * Writes a brotli (.br) and a gzip (.gz) copy beside every text file of the build, at the highest
 * levels, which the api serves by the browser's Accept-Encoding (apps/api/src/http/static-assets.ts):
 * compressed once here instead of on every request on the office PC.
 */
function precompress(): Plugin {
  return {
    name: 'yumiao-precompress',
    apply: 'build',
    writeBundle(options, bundle) {
      const dir = options.dir ?? path.join(here, 'dist');
      for (const [name, item] of Object.entries(bundle)) {
        if (!/\.(js|css|html|svg|json)$/.test(name)) continue;
        const source = item.type === 'chunk' ? item.code : item.source;
        const bytes = typeof source === 'string' ? Buffer.from(source) : Buffer.from(source);
        if (bytes.length < PRECOMPRESS_MIN_BYTES) continue;
        const file = path.join(dir, name);
        writeFileSync(
          `${file}.br`,
          brotliCompressSync(bytes, {
            params: {
              [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
              [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
            },
          }),
        );
        writeFileSync(`${file}.gz`, gzipSync(bytes, { level: 9 }));
      }
    },
  };
}

export default defineConfig({
  root: here,
  base: '/',
  // The browser gets only the browser-safe part of libs/contracts (no ajv, no Node).
  resolve: { alias: { '#contracts': path.join(here, 'src/contracts.ts') } },
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: path.join(here, 'dist'),
    emptyOutDir: true,
    target: 'es2020',
    sourcemap: false,
    reportCompressedSize: false,
  },
  plugins: [firstLoadBudget(), precompress()],
  server: {
    proxy: { '/api': 'http://127.0.0.1:3000', '/socket.io': { target: 'ws://127.0.0.1:3000', ws: true } },
  },
});
