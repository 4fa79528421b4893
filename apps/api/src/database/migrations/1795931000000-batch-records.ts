import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Records on a batch (issue 18 item 2): the survival count of a grafted batch, and cull causes from
 * the closed list in #contracts. Free-text reasons of earlier culls become `other` with the text
 * kept as the entry's note (`damping_off`, the one code the api suggested, becomes `damping-off`);
 * `over_aged` stays: it is a loss kind of the reports, not a cull cause a person chooses.
 */
export class BatchRecords1795931000000 implements MigrationInterface {
  name = 'BatchRecords1795931000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "batches" ADD "survived" integer');
    await queryRunner.query(
      `UPDATE batch_events SET details = jsonb_set(details, '{cullReason}', '"damping-off"')
       WHERE details->>'cullReason' = 'damping_off'`,
    );
    await queryRunner.query(
      `UPDATE batch_events
       SET details = jsonb_set(details, '{cullReason}', '"other"')
         || jsonb_build_object('note', concat_ws(' · ', nullif(details->>'note', ''), details->>'cullReason'))
       WHERE details ? 'cullReason'
         AND details->>'cullReason' NOT IN
           ('damping-off', 'cold', 'heat', 'drought', 'waterlogging', 'pests', 'mechanical', 'other', 'over_aged')`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    // The free text survives in the note; the codes stay (they are valid free text too).
    await queryRunner.query('ALTER TABLE "batches" DROP COLUMN "survived"');
  }
}
