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
