import pg from 'pg';

/**
 * A connection of its own, outside the pool (a backup's snapshot, a restore, the pre-migration
 * check). When the server goes away under it (killed, restarted), pg reports that on the query or
 * stream in flight, and, while none is, as an 'error' event on the client: unlistened, that event
 * ends the process, which for the api means no restart of its supervised database. Listened to
 * here; the next query fails instead, as it should.
 */
export async function connectClient(config: pg.ClientConfig): Promise<pg.Client> {
  const client = new pg.Client(config);
  client.on('error', () => undefined);
  await client.connect();
  return client;
}
