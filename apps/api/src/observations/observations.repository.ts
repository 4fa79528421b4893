import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { ObservationKind, PhotoType } from '#contracts';
import { DataSource } from 'typeorm';
import { Photo } from './photo.entity.js';

/** An observation as the pages show it: its batch or alarm, its author and who marked it done. */
export interface ObservationRow {
  id: string;
  kind: ObservationKind;
  text: string;
  batchId: string | null;
  batchCode: string | null;
  batchCrop: string | null;
  batchZone: string | null;
  alarmId: string | null;
  alarmRule: string | null;
  alarmZone: string | null;
  alarmSince: Date | null;
  authorId: string;
  authorName: string;
  createdAt: Date;
  doneAt: Date | null;
  doneById: string | null;
  doneByName: string | null;
  photoIds: string[];
}

export interface ObservationFilter {
  id?: string;
  batchId?: string;
  alarmId?: string;
  state?: 'open' | 'done';
}

const SELECT_ROWS = `
  SELECT o.id, o.kind, o.text, o.created_at AS "createdAt", o.done_at AS "doneAt",
         o.batch_id AS "batchId", b.code AS "batchCode", b.crop AS "batchCrop", b.zone AS "batchZone",
         o.alarm_id AS "alarmId", a.rule AS "alarmRule", a.zone AS "alarmZone", a.since AS "alarmSince",
         o.author_id AS "authorId", author.name AS "authorName",
         o.done_by_id AS "doneById", done_by.name AS "doneByName",
         COALESCE((SELECT array_agg(p.id ORDER BY p.created_at, p.id) FROM photos p
                   WHERE p.observation_id = o.id), '{}') AS "photoIds"
    FROM observations o
    JOIN users author ON author.id = o.author_id
    LEFT JOIN users done_by ON done_by.id = o.done_by_id
    LEFT JOIN batches b ON b.id = o.batch_id
    LEFT JOIN alarms a ON a.id = o.alarm_id`;

@Injectable()
export class ObservationsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async batchExists(id: string): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query('SELECT 1 FROM batches WHERE id = $1', [id]);
    return rows.length > 0;
  }

  async alarmExists(id: string): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query('SELECT 1 FROM alarms WHERE id = $1', [id]);
    return rows.length > 0;
  }

  async addPhoto(photo: {
    id: string;
    contentType: PhotoType;
    bytes: number;
    uploadedById: string;
    createdAt: Date;
  }): Promise<Photo> {
    const repository = this.dataSource.getRepository(Photo);
    return repository.save(repository.create({ ...photo, observationId: null }));
  }

  /** Deletes the photos uploaded before `before` that no observation took, and answers them. */
  async dropUnattachedPhotos(before: Date): Promise<Pick<Photo, 'id' | 'contentType'>[]> {
    const [rows] = await this.dataSource.query<[Pick<Photo, 'id' | 'contentType'>[], number]>(
      `DELETE FROM photos WHERE observation_id IS NULL AND created_at < $1
       RETURNING id, content_type AS "contentType"`,
      [before],
    );
    return rows;
  }

  photo(id: string): Promise<Photo | null> {
    return this.dataSource.getRepository(Photo).findOneBy({ id });
  }

  /**
   * Stores the observation and attaches its photos, in one transaction: every photo must be one the
   * author uploaded and no observation holds yet, or nothing is stored ('photo-not-yours').
   */
  async create(
    observation: {
      kind: ObservationKind;
      batchId: string | null;
      alarmId: string | null;
      text: string;
      authorId: string;
      createdAt: Date;
    },
    photoIds: readonly string[],
  ): Promise<{ id: string } | 'photo-not-yours'> {
    return this.dataSource.transaction(async (tx) => {
      const [created] = await tx.query<{ id: string }[]>(
        `INSERT INTO observations (kind, batch_id, alarm_id, text, author_id, created_at)
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
        [
          observation.kind,
          observation.batchId,
          observation.alarmId,
          observation.text,
          observation.authorId,
          observation.createdAt,
        ],
      );
      const id = created.id;
      const unique = [...new Set(photoIds)];
      if (unique.length > 0) {
        const [, attached] = await tx.query<[unknown, number]>(
          `UPDATE photos SET observation_id = $1
            WHERE id = ANY($2::uuid[]) AND uploaded_by_id = $3 AND observation_id IS NULL`,
          [id, unique, observation.authorId],
        );
        if (attached !== unique.length) {
          // Undo the insert: the caller answers 400 and the person adds the photos again.
          await tx.query('DELETE FROM observations WHERE id = $1', [id]);
          return 'photo-not-yours';
        }
      }
      return { id };
    });
  }

  /** Newest first; open ones for the today list, or one batch's or alarm's. */
  async list(filter: ObservationFilter): Promise<ObservationRow[]> {
    const where: string[] = [];
    const values: unknown[] = [];
    const add = (condition: string, value: unknown) => {
      values.push(value);
      where.push(condition.replace('?', `$${values.length}`));
    };
    if (filter.id !== undefined) add('o.id = ?', filter.id);
    if (filter.batchId !== undefined) add('o.batch_id = ?', filter.batchId);
    if (filter.alarmId !== undefined) add('o.alarm_id = ?', filter.alarmId);
    if (filter.state === 'open') where.push('o.done_at IS NULL');
    if (filter.state === 'done') where.push('o.done_at IS NOT NULL');
    const sql = `${SELECT_ROWS}${where.length > 0 ? ` WHERE ${where.join(' AND ')}` : ''}
      ORDER BY o.created_at DESC, o.id LIMIT 500`;
    return this.dataSource.query<ObservationRow[]>(sql, values);
  }

  /** 'done', or why not: no such observation, or someone marked it done already. */
  async markDone(id: string, byId: string, at: Date): Promise<'done' | 'missing' | 'already'> {
    const [, changed] = await this.dataSource.query<[unknown, number]>(
      'UPDATE observations SET done_at = $3, done_by_id = $2 WHERE id = $1 AND done_at IS NULL',
      [id, byId, at],
    );
    if (changed === 1) return 'done';
    const rows: unknown[] = await this.dataSource.query('SELECT 1 FROM observations WHERE id = $1', [id]);
    return rows.length > 0 ? 'already' : 'missing';
  }
}
