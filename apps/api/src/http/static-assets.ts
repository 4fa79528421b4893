import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import type { NextFunction, Request, RequestHandler, Response } from 'express';

/**
 * Serves the built dashboard with the brotli and gzip copies the Vite build wrote beside each file
 * (apps/web/vite.config.ts `precompress`): the village link carries about a third of the bytes,
 * compressed once at build time at the highest levels instead of on every request.
 *
 * Caching: `/assets/*` names carry a content hash, so a browser keeps them for a year without
 * asking again; HTML is asked for every time (`no-cache`: revalidated by ETag), so a new build
 * reaches every phone on its next load.
 */
export interface StaticAsset {
  readonly file: string;
  readonly type: string;
  readonly brotli: string | undefined;
  readonly gzip: string | undefined;
}

const IMMUTABLE = 'public, max-age=31536000, immutable';

/** URL path ("/assets/index-abc.js") -> the file and its precompressed copies, read once at start. */
export function indexAssets(root: string): Map<string, StaticAsset> {
  const files = new Set<string>();
  const visit = (dir: string) => {
    for (const entry of readdirSync(dir)) {
      const full = path.join(dir, entry);
      if (statSync(full).isDirectory()) visit(full);
      else files.add(full);
    }
  };
  visit(root);
  const assets = new Map<string, StaticAsset>();
  for (const file of files) {
    if (file.endsWith('.br') || file.endsWith('.gz')) continue;
    const url = `/${path.relative(root, file).split(path.sep).join('/')}`;
    assets.set(url, {
      file,
      type: path.extname(file),
      brotli: files.has(`${file}.br`) ? `${file}.br` : undefined,
      gzip: files.has(`${file}.gz`) ? `${file}.gz` : undefined,
    });
  }
  return assets;
}

/** The encodings the request accepts (`br;q=0` refuses brotli). */
function accepts(request: Request, encoding: string): boolean {
  const header = request.headers['accept-encoding'];
  if (typeof header !== 'string') return false;
  return header.split(',').some((part) => {
    const [name, ...params] = part.trim().split(';');
    if (name?.trim().toLowerCase() !== encoding) return false;
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    return q === undefined || Number(q.slice(2)) > 0;
  });
}

export function sendAsset(
  request: Request,
  response: Response,
  asset: StaticAsset,
  next: NextFunction,
): void {
  response.type(asset.type);
  response.setHeader(
    'Cache-Control',
    asset.type === '.html'
      ? 'no-cache'
      : asset.file.includes(`${path.sep}assets${path.sep}`)
        ? IMMUTABLE
        : 'public, max-age=3600',
  );
  let file = asset.file;
  if (asset.brotli !== undefined || asset.gzip !== undefined) {
    response.setHeader('Vary', 'Accept-Encoding');
    if (asset.brotli !== undefined && accepts(request, 'br')) {
      file = asset.brotli;
      response.setHeader('Content-Encoding', 'br');
    } else if (asset.gzip !== undefined && accepts(request, 'gzip')) {
      file = asset.gzip;
      response.setHeader('Content-Encoding', 'gzip');
    }
  }
  response.sendFile(file, { cacheControl: false, dotfiles: 'deny' }, (error?: Error) => {
    if (error !== undefined && !response.headersSent) next(error);
  });
}

/** The files of `assets` by their URL path; anything else goes on (the api, the client routes). */
export function precompressedStatic(assets: Map<string, StaticAsset>): RequestHandler {
  return (request, response, next) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return next();
    const asset = assets.get(request.path);
    if (asset === undefined || asset.type === '.html') return next();
    sendAsset(request, response, asset, next);
  };
}
