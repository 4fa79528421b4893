import type { Device } from './device.entity.js';
import type { DirectoryEntry } from './device-directory.js';

/** A registry row as the in-memory directory (and the broker's accounts) need it. */
export function toEntry(device: Device): DirectoryEntry {
  return {
    id: device.id,
    site: device.site,
    zone: device.zoneCode,
    device: device.device,
    kind: device.kind,
    enabled: device.enabled,
    username: device.username,
    passwordHash: device.passwordHash,
    intervalS: device.intervalS,
  };
}
