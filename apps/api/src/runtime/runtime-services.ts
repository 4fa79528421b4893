import type { Clock } from '#contracts';
import type { EmbeddedBroker } from './embedded-broker.js';
import type { DatabaseServerWatch } from './postgres-supervisor.js';

/**
 * What the boot sequence hands to the Nest application: where the database is, how to reach the
 * broker, and the clock every module reads time from.
 */
export interface RuntimeServices {
  readonly databaseUrl: string;
  readonly broker: EmbeddedBrokerConnection | ExternalBrokerConnection;
  readonly clock: Clock;
  /** The supervised embedded PostgreSQL's stops and restarts; absent with an external database. */
  readonly databaseServer?: DatabaseServerWatch;
  /** Where the embedded cluster and its binaries are (the manager's page shows it); absent with an external database. */
  readonly databaseLocation?: {
    readonly clusterDir: string;
    readonly binariesDir: string;
    /** The server's log, which the disk watch keeps within POSTGRES_LOG_MB. */
    readonly logFile?: string;
  };
  /** Ends the process in order with this exit code (main.ts); absent where tests build the app. */
  readonly exit?: (reason: string, code: number) => void;
}

/** The aedes broker running inside this process; ingest hooks into it directly. */
export interface EmbeddedBrokerConnection {
  readonly kind: 'embedded';
  readonly broker: EmbeddedBroker;
  /** mqtt://host:port where devices (and the simulator) connect. */
  readonly url: string;
}

export interface ExternalBrokerConnection {
  readonly kind: 'external';
  readonly url: string;
  readonly username: string | undefined;
  readonly password: string | undefined;
}
