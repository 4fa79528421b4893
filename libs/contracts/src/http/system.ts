import type { DatabaseState } from '../live.js';

/** One address phones on the office Wi-Fi open the dashboard at. */
export interface LanDashboardUrl {
  /**
   * The PC's network interface (eth0, wlp2s0...): tells the manager which cable or Wi-Fi it is.
   * Null for the address set in DASHBOARD_URL (a name or fixed address the nursery chose).
   */
  interface: string | null;
  /** `http://<private address>:<port>/` */
  url: string;
}

/**
 * `GET /api/system/lan`: what the manager needs to get phones and devices onto the dashboard. The
 * same addresses and QR code are printed in the terminal at start.
 */
export interface LanAccessResponse {
  /**
   * DASHBOARD_URL when set, then the PC's private IPv4 addresses, wired first; empty when there is
   * neither (no LAN cable or Wi-Fi). The first is the one drawn as the QR code.
   */
  dashboardUrls: LanDashboardUrl[];
  /** The port the dashboard listens on. */
  port: number;
  broker: {
    /** True for the broker built into the app; false for an external Mosquitto. */
    embedded: boolean;
    /** Where the embedded broker listens; null for an external broker. */
    host: string | null;
    port: number | null;
    /**
     * The embedded broker listens on 127.0.0.1 only: devices on the LAN cannot connect until it is
     * started with MQTT_HOST=0.0.0.0. Always false for an external broker (its own setting decides).
     */
    loopbackOnly: boolean;
  };
}

/**
 * `GET /api/system/storage`: where the nursery's data lives on the PC, for the manager's page (and
 * for whoever replaces a disk or moves the installation).
 */
export interface StorageLocationsResponse {
  /** DATA_DIR: secrets, device credentials, photos, logs. */
  dataDir: string;
  /** BACKUP_DIR: the backups (a USB stick when BACKUP_REMOVABLE). */
  backupDir: string;
  backupRemovable: boolean;
  /** The embedded PostgreSQL's cluster and binaries; null with an external database. */
  database: { clusterDir: string; binariesDir: string } | null;
}

/** One place on the PC where the nursery's data lives, and how full its disk is. */
export interface DiskUseResponse {
  /** What lives there: DATA_DIR, the embedded database's cluster, the backups. */
  place: 'data' | 'database' | 'backups';
  path: string;
  /** Null when the place cannot be read (an unplugged USB stick's folder may be gone). */
  totalBytes: number | null;
  freeBytes: number | null;
}

/**
 * What the 系统状态 card tells the manager to do, most urgent first. The page turns each into a
 * sentence in plain words; the api decides which apply (apps/api/src/site-status/status-advice.ts).
 */
export type StatusAdvice =
  | 'databaseUnrecoverable'
  | 'databaseRecovering'
  | 'plugInUsbStick'
  | 'backupFailing'
  | 'diskCritical'
  | 'diskLow'
  | 'restoreCheckFailed'
  | 'noBackupYet'
  | 'backupOld'
  | 'uncleanStop';

/**
 * `GET /api/system/status`: the manager's 系统状态 card, for people who are not engineers: the last
 * backup and restore check, the disks, the database, the last unclean stop, and what to do.
 */
export interface SiteStatusResponse {
  /** The worst of what follows: 'ok' (nothing to do), 'warning' (do it today), 'critical' (now). */
  overall: 'ok' | 'warning' | 'critical';
  advice: StatusAdvice[];
  backup: {
    dir: string;
    removable: boolean;
    /** The nightly time, nursery time, HH:MM. */
    time: string;
    last: { at: string; archive: string; bytes: number } | null;
    /** The newest failure when it came after the last good backup; null otherwise. */
    failure: { at: string; reason: string } | null;
    /** The failure is a removable BACKUP_DIR that is not mounted (U盘未插入). */
    usbMissing: boolean;
    restoreCheck: { at: string; result: 'ok' | 'failed' | 'skipped'; detail: string } | null;
  };
  disks: DiskUseResponse[];
  /** The open disk-low event of the disk watch, if any. */
  diskLow: { since: string; cause: string } | null;
  database: {
    state: DatabaseState;
    reason: string | null;
    /** The embedded PostgreSQL the api runs itself (false: an external server). */
    embedded: boolean;
  };
  /** The newest stop without a clean shutdown (power cut, crash): when it went down and came back. */
  lastUncleanStop: { downFrom: string | null; backAt: string } | null;
  /** ENGINEER_PHONE: who to call; null when the installer set none. */
  engineerPhone: string | null;
  checkedAt: string;
}

/** `POST /api/backups`: a backup taken now (the card's 立即备份). */
export interface BackupTakenResponse {
  archive: string;
  bytes: number;
  seconds: number;
}
