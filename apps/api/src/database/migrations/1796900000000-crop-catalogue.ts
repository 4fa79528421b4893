import type { MigrationInterface, QueryRunner } from 'typeorm';
import { CROPS, CROP_KEYS, OWN_SEED_SHARE, type CropProfile, mergeProfile } from '#agronomy';

/**
 * Issue 21 item 1: crops and varieties become rows, for every install. The 11 crops of the shipped
 * table (crop-seed.ts, which keeps the §1.4 table verbatim; it is the seed of this migration and
 * must keep its meaning) are inserted with the manager's edits folded in; an edited plain price
 * becomes every tray's price, twice that grafted, three quarters of it from own seed. Each distinct
 * cultivar typed on a batch or an order line becomes a variety with nothing of its own. Batches and
 * order lines are not touched: they keep naming their crop by key and their variety by name.
 *
 * Down writes each shipped crop's whole profile back as its override and leaves the empty-house
 * setting (older code never reads it, and up keeps it); crops the manager added and
 * the varieties' own fields have no place in the old tables and are lost (their batches and order
 * lines keep their keys and cultivars).
 */
export class CropCatalogue1796900000000 implements MigrationInterface {
  name = 'CropCatalogue1796900000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "crops" ("key" character varying(32) NOT NULL, "position" integer NOT NULL, "profile" jsonb NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_14ba6ad3acf4a4092fb203edf8f" PRIMARY KEY ("key"))',
    );
    await queryRunner.query(
      'CREATE TABLE "varieties" ("crop" character varying(32) NOT NULL, "name" character varying(100) NOT NULL, "name_en" character varying(100), "overrides" jsonb NOT NULL DEFAULT \'{}\', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_0ca34b61197458e7da2538f7717" PRIMARY KEY ("crop", "name"))',
    );
    const edits = (await queryRunner.query('SELECT "key", "overrides" FROM "crop_overrides"')) as {
      key: string;
      overrides: Record<string, unknown>;
    }[];
    const editOf = new Map(edits.map((row) => [row.key, row.overrides]));
    for (const [position, key] of CROP_KEYS.entries()) {
      const { key: _key, ...seed } = CROPS[key];
      const { defaultPriceFen, ...edited } = editOf.get(key) ?? {};
      let profile = mergeProfile(seed, edited) as Omit<CropProfile, 'key'>;
      if (typeof defaultPriceFen === 'number')
        profile = {
          ...profile,
          prices: profile.prices.map((row) => ({
            cells: row.cells,
            priceFen: defaultPriceFen,
            graftedPriceFen: row.graftedPriceFen === null ? null : defaultPriceFen * 2,
            ownSeedPriceFen: Math.round(defaultPriceFen * OWN_SEED_SHARE),
          })),
        };
      await queryRunner.query('INSERT INTO "crops" ("key", "position", "profile") VALUES ($1, $2, $3)', [
        key,
        position,
        JSON.stringify(profile),
      ]);
    }
    await queryRunner.query(
      `INSERT INTO "varieties" ("crop", "name")
       SELECT DISTINCT "crop", "cultivar" FROM (
         SELECT "crop", "cultivar" FROM "batches" UNION SELECT "crop", "cultivar" FROM "order_lines"
       ) typed
       WHERE "cultivar" IS NOT NULL AND btrim("cultivar") <> '' AND "crop" IN (SELECT "key" FROM "crops")
       ON CONFLICT DO NOTHING`,
    );
    // What an empty house is held to: was a tomato at true leaf in code; now the manager's setting.
    await queryRunner.query(
      `INSERT INTO "settings" ("key", "value") VALUES ('empty-house', '{"crop":"tomato","stage":"trueLeaf"}')
       ON CONFLICT ("key") DO NOTHING`,
    );
    await queryRunner.query('DROP TABLE "crop_overrides"');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "crop_overrides" ("key" character varying(32) NOT NULL, "overrides" jsonb NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_e8a04004ec93493aa70edf81cd6" PRIMARY KEY ("key"))',
    );
    const rows = (await queryRunner.query('SELECT "key", "profile" FROM "crops"')) as {
      key: string;
      profile: Omit<CropProfile, 'key'>;
    }[];
    for (const row of rows) {
      if (!CROP_KEYS.includes(row.key)) continue;
      const { prices, chilling: _chilling, ...rest } = row.profile;
      const plain = prices.find((price) => price.cells === rest.traysDefault) ?? prices[0];
      await queryRunner.query('INSERT INTO "crop_overrides" ("key", "overrides") VALUES ($1, $2)', [
        row.key,
        JSON.stringify({ ...rest, defaultPriceFen: plain?.priceFen ?? 80 }),
      ]);
    }
    await queryRunner.query('DROP TABLE "varieties"');
    await queryRunner.query('DROP TABLE "crops"');
  }
}
