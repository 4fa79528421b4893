/**
 * Backing services in containers, for machines where a container runtime answers (a developer's
 * laptop with Docker): PostgreSQL 15 and Mosquitto 2, once per jest run. Where none answers (this
 * project's CI machines), `startContainerServices` says so within milliseconds and the tests use
 * the embedded PostgreSQL and aedes instead. Versions are pinned (12.0.1) because 12.0.2-12.0.4
 * crash at import and 12.1+ need Node 22 (docs/stack-notes.md).
 */
export interface ContainerServices {
  readonly databaseUrl: string;
  readonly mqttUrl: string;
  stop(): Promise<void>;
}

/** Mosquitto for tests: anonymous on its private port, queues raised as in deploy/mosquitto. */
const MOSQUITTO_TEST_CONFIG = [
  'listener 1883',
  'allow_anonymous true',
  'persistence false',
  'max_queued_messages 100000',
  'max_inflight_messages 5000',
  'set_tcp_nodelay true',
  '',
].join('\n');

export async function containerRuntimeAvailable(): Promise<boolean> {
  const { getContainerRuntimeClient } = await import('testcontainers');
  try {
    await getContainerRuntimeClient();
    return true;
  } catch {
    return false;
  }
}

/** Starts PostgreSQL and Mosquitto containers, or answers undefined when no runtime answers. */
export async function startContainerServices(): Promise<ContainerServices | undefined> {
  if (!(await containerRuntimeAvailable())) return undefined;
  const { GenericContainer, Wait } = await import('testcontainers');
  const { PostgreSqlContainer } = await import('@testcontainers/postgresql');
  const [postgres, mosquitto] = await Promise.all([
    new PostgreSqlContainer('postgres:15').start(),
    new GenericContainer('eclipse-mosquitto:2')
      .withCopyContentToContainer([
        { content: MOSQUITTO_TEST_CONFIG, target: '/mosquitto/config/mosquitto.conf' },
      ])
      .withExposedPorts(1883)
      .withWaitStrategy(Wait.forListeningPorts())
      .start(),
  ]);
  return {
    databaseUrl: postgres.getConnectionUri(),
    mqttUrl: `mqtt://${mosquitto.getHost()}:${mosquitto.getMappedPort(1883)}`,
    async stop() {
      await Promise.all([mosquitto.stop(), postgres.stop()]);
    },
  };
}
