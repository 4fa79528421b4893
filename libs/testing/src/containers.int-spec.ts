import { describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { mqttClient } from './broker.js';
import { containerRuntimeAvailable, startContainerServices } from './containers.js';

describe('test services in containers', () => {
  it('starts PostgreSQL and Mosquitto where a container runtime answers, and answers undefined where none does', async () => {
    const runtime = await containerRuntimeAvailable();
    const services = await startContainerServices();
    if (!runtime) {
      expect(services).toBeUndefined();
      return;
    }
    expect(services).toBeDefined();
    try {
      const client = new pg.Client({ connectionString: services!.databaseUrl });
      await client.connect();
      const { rows } = await client.query<{ version: string }>('show server_version');
      await client.end();
      expect(rows[0].version).toMatch(/^15\./);
      const mqtt = await mqttClient(services!.mqttUrl);
      await mqtt.endAsync();
    } finally {
      await services!.stop();
    }
  });
});
