import { statfs } from 'node:fs/promises';
import path from 'node:path';
import type { DiskUseResponse } from '#contracts';

/**
 * Size and free space (what an unprivileged process may use) of the disk holding `dir`, or of
 * the nearest folder above it that exists (BACKUP_DIR is made by the first backup).
 */
export async function diskUse(place: DiskUseResponse['place'], dir: string): Promise<DiskUseResponse> {
  for (let at = dir; ; at = path.dirname(at)) {
    try {
      const disk = await statfs(at);
      return { place, path: dir, totalBytes: disk.blocks * disk.bsize, freeBytes: disk.bavail * disk.bsize };
    } catch {
      if (path.dirname(at) === at) return { place, path: dir, totalBytes: null, freeBytes: null };
    }
  }
}
