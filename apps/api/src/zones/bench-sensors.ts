/** Anything that runs SQL: a DataSource, an EntityManager, a transaction's manager. */
interface Sql {
  query(sql: string, parameters?: unknown[]): Promise<unknown>;
}

/**
 * The substrate probe of each bench that names one (the bench records' `moistureSensor`), keyed
 * `house/bench`: a batch's moisture is judged on the probes of the benches its trays stand on. The
 * alarms' thresholds and the climate passport both ask here.
 */
export async function benchSensorsOf(sql: Sql): Promise<Map<string, string>> {
  const rows = (await sql.query(
    `SELECT z.code AS zone, b.name, b.moisture_sensor AS sensor
       FROM benches b JOIN zones z ON z.id = b.zone_id
      WHERE b.moisture_sensor IS NOT NULL`,
  )) as { zone: string; name: string; sensor: string }[];
  return new Map(rows.map((row) => [`${row.zone}/${row.name}`, row.sensor]));
}
