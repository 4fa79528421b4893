/** Anything that runs SQL: a DataSource, an EntityManager, a transaction's manager. */
interface Sql {
  query(sql: string, parameters?: unknown[]): Promise<unknown>;
}

/**
 * The site's germination room (催芽室): the first zone of kind `germination` by the manager's order.
 * Sown trays stand in it until a move takes them out (docs/agronomy.md). Null for a nursery without
 * one. The one place this rule is written: the batches, the thresholds and the loss ledger ask here.
 */
export async function germinationRoomOf(sql: Sql, site?: string): Promise<string | null> {
  const rows = (await sql.query(
    `SELECT code FROM zones WHERE kind = 'germination' AND ($1::text IS NULL OR site = $1)
      ORDER BY sort_order, code LIMIT 1`,
    [site ?? null],
  )) as { code: string }[];
  return rows[0]?.code ?? null;
}
