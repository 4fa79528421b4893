import type { DeviceKind } from '#contracts';

/** What the hot path needs to know about a registered device, held in memory. */
export interface DirectoryEntry {
  readonly id: string;
  readonly site: string;
  readonly zone: string;
  readonly device: string;
  readonly kind: DeviceKind;
  readonly enabled: boolean;
  readonly username: string;
  readonly passwordHash: string;
  readonly intervalS: number;
}

export const addressKey = (site: string, zone: string, device: string): string => `${site}/${zone}/${device}`;

/**
 * The registry as the ingest and the broker hooks see it: lookups by topic address and by MQTT
 * username without a database round trip per message. The devices service replaces entries as
 * it changes them (one api process owns the registry).
 */
export class DeviceDirectory {
  private readonly byAddress = new Map<string, DirectoryEntry>();
  private readonly byUsername = new Map<string, DirectoryEntry>();
  private readonly byDeviceId = new Map<string, DirectoryEntry>();

  /** Bumped by every put, so a reload that read the table before a put can tell it is stale. */
  version = 0;

  replaceAll(entries: readonly DirectoryEntry[]): void {
    this.byAddress.clear();
    this.byUsername.clear();
    this.byDeviceId.clear();
    for (const entry of entries) this.put(entry);
  }

  put(entry: DirectoryEntry): void {
    this.version += 1;
    const previous = this.byDeviceId.get(entry.id);
    if (previous) {
      this.byAddress.delete(addressKey(previous.site, previous.zone, previous.device));
      this.byUsername.delete(previous.username);
    }
    this.byAddress.set(addressKey(entry.site, entry.zone, entry.device), entry);
    this.byUsername.set(entry.username, entry);
    this.byDeviceId.set(entry.id, entry);
  }

  byTopicAddress(site: string, zone: string, device: string): DirectoryEntry | undefined {
    return this.byAddress.get(addressKey(site, zone, device));
  }

  byMqttUsername(username: string): DirectoryEntry | undefined {
    return this.byUsername.get(username);
  }

  byId(id: string): DirectoryEntry | undefined {
    return this.byDeviceId.get(id);
  }

  all(): DirectoryEntry[] {
    return [...this.byAddress.values()];
  }
}
