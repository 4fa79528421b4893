import { randomUUID } from 'node:crypto';
import { access, mkdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { Inject, Injectable } from '@nestjs/common';
import type { AppConfig } from '#config';
import {
  PHOTO_MAX_BYTES,
  type Clock,
  type ObservationResponse,
  type PhotoResponse,
  type PhotoType,
} from '#contracts';
import { AuditRepository } from '../audit/audit.repository.js';
import type { AuthUser } from '../auth/auth-user.js';
import { DomainError } from '../common/domain-error.js';
import { DomainEvents } from '../common/domain-events.js';
import { APP_CONFIG, CLOCK } from '../common/tokens.js';
import type { CreateObservationDto, ObservationsQueryDto } from './observations.dto.js';
import { ObservationsRepository, type ObservationRow } from './observations.repository.js';
import { readBody } from './photo-body.js';
import { photoFileName, photoProblem, photoType } from './photo-check.js';

/** The folder of DATA_DIR that holds uploaded photos; the backups carry it (backup/data-files.ts). */
export const PHOTOS_FOLDER = 'photos';
/**
 * A photo no observation has taken this long after its upload was left behind (the form closed, the
 * phone's battery died): it is deleted at the next upload, so abandoned photos do not fill the disk.
 */
export const UNATTACHED_PHOTO_MS = 24 * 60 * 60 * 1000;

/**
 * The adviser's observations and recommendations (顾问, docs/roles.md): written on a batch or an
 * alarm with up to three photos, open on the technicians' today list until one marks it done.
 */
@Injectable()
export class ObservationsService {
  constructor(
    private readonly observations: ObservationsRepository,
    private readonly audit: AuditRepository,
    private readonly events: DomainEvents,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /**
   * Stores one photo under a random name: the content type must be JPEG, PNG or WebP and the bytes
   * must be that picture. The file is written whole before its row exists, so a row always has a file.
   */
  async addPhoto(contentType: string | undefined, body: Readable, by: AuthUser): Promise<PhotoResponse> {
    const type = photoType(contentType);
    // Any other type was not read by a body parser either; the stream is left for Express to drop.
    if (!type) throw photoInvalid('type-not-allowed');
    const bytes = await readBody(body, PHOTO_MAX_BYTES);
    if (bytes === 'too-large')
      throw new DomainError('PAYLOAD_TOO_LARGE', `A photo is at most ${PHOTO_MAX_BYTES} bytes`, 413, {
        max: PHOTO_MAX_BYTES,
      });
    const problem = photoProblem(type, bytes);
    if (problem) throw photoInvalid(problem);
    const now = this.clock.now();
    await this.dropUnattachedPhotos(new Date(now - UNATTACHED_PHOTO_MS));
    const id = randomUUID();
    const folder = path.join(this.config.dataDir, PHOTOS_FOLDER);
    const file = path.join(folder, photoFileName(id, type));
    await mkdir(folder, { recursive: true });
    // Written aside and renamed: a backup or a crash never sees half a photo under its real name.
    const partial = `${file}.partial`;
    await writeFile(partial, bytes, { mode: 0o640 });
    await rename(partial, file);
    try {
      await this.observations.addPhoto({
        id,
        contentType: type,
        bytes: bytes.length,
        uploadedById: by.id,
        createdAt: new Date(now),
      });
    } catch (error) {
      await rm(file, { force: true });
      throw error;
    }
    return { id, contentType: type, bytes: bytes.length };
  }

  private async dropUnattachedPhotos(before: Date): Promise<void> {
    const folder = path.join(this.config.dataDir, PHOTOS_FOLDER);
    // Rows first: a file without a row is never served, a row without a file would answer 404.
    for (const photo of await this.observations.dropUnattachedPhotos(before))
      await rm(path.join(folder, photoFileName(photo.id, photo.contentType)), { force: true });
  }

  /** Where a photo's bytes are, and their type. */
  async photoFile(id: string): Promise<{ file: string; contentType: PhotoType }> {
    const photo = await this.observations.photo(id);
    if (!photo) throw DomainError.notFound('PHOTO_NOT_FOUND', `Photo ${id} not found`);
    const file = path.resolve(this.config.dataDir, PHOTOS_FOLDER, photoFileName(photo.id, photo.contentType));
    try {
      await access(file);
    } catch {
      // A restore from a backup older than the row, or a folder cleaned by hand.
      throw DomainError.notFound('PHOTO_NOT_FOUND', `Photo ${id} has no file`);
    }
    return { file, contentType: photo.contentType };
  }

  async create(input: CreateObservationDto, by: AuthUser): Promise<ObservationResponse> {
    const batchId = input.batchId ?? null;
    const alarmId = input.alarmId ?? null;
    if ((batchId === null) === (alarmId === null))
      throw DomainError.invalid('OBSERVATION_TARGET_REQUIRED', 'Name one batch or one alarm', {
        field: batchId === null ? 'batchId' : 'alarmId',
      });
    if (batchId !== null && !(await this.observations.batchExists(batchId)))
      throw DomainError.invalid('BATCH_NOT_FOUND', `Batch ${batchId} not found`);
    if (alarmId !== null && !(await this.observations.alarmExists(alarmId)))
      throw DomainError.invalid('ALARM_NOT_FOUND', `Alarm ${alarmId} not found`);
    const at = new Date(this.clock.now());
    const text = input.text.trim();
    const created = await this.observations.create(
      { kind: input.kind, batchId, alarmId, text, authorId: by.id, createdAt: at },
      input.photoIds ?? [],
    );
    if (created === 'photo-not-yours')
      throw DomainError.invalid('PHOTO_NOT_YOURS', 'A photo is not an unattached upload of this person');
    const { id } = created;
    await this.audit.appendUserAction(
      by,
      'observation.created',
      id,
      { kind: input.kind, batchId, alarmId, photos: (input.photoIds ?? []).length },
      at,
    );
    return this.changed(await this.one(id));
  }

  async list(query: ObservationsQueryDto): Promise<ObservationResponse[]> {
    return (await this.observations.list(query)).map(toResponse);
  }

  async markDone(id: string, by: AuthUser): Promise<ObservationResponse> {
    const at = new Date(this.clock.now());
    const outcome = await this.observations.markDone(id, by.id, at);
    if (outcome === 'missing')
      throw DomainError.notFound('OBSERVATION_NOT_FOUND', `Observation ${id} not found`);
    if (outcome === 'already')
      throw DomainError.conflict('OBSERVATION_DONE', `Observation ${id} is done already`);
    await this.audit.appendUserAction(by, 'observation.done', id, {}, at);
    return this.changed(await this.one(id));
  }

  private changed(observation: ObservationResponse): ObservationResponse {
    this.events.emit('observation.changed', {
      observationId: observation.id,
      zone: observation.batch?.zone ?? observation.alarm?.zone ?? null,
      ts: this.clock.now(),
    });
    return observation;
  }

  private async one(id: string): Promise<ObservationResponse> {
    const [row] = await this.observations.list({ id });
    if (!row) throw DomainError.notFound('OBSERVATION_NOT_FOUND', `Observation ${id} not found`);
    return toResponse(row);
  }
}

function photoInvalid(reason: 'type-not-allowed' | 'empty' | 'not-that-type'): DomainError<'PHOTO_INVALID'> {
  return DomainError.invalid('PHOTO_INVALID', `The photo was refused: ${reason}`, { field: 'photo', reason });
}

function toResponse(row: ObservationRow): ObservationResponse {
  return {
    id: row.id,
    kind: row.kind,
    text: row.text,
    batch:
      row.batchId !== null
        ? { id: row.batchId, code: row.batchCode ?? '', crop: row.batchCrop ?? '', zone: row.batchZone ?? '' }
        : null,
    alarm:
      row.alarmId !== null
        ? {
            id: row.alarmId,
            rule: row.alarmRule ?? '',
            zone: row.alarmZone ?? '',
            since: (row.alarmSince ?? row.createdAt).toISOString(),
          }
        : null,
    author: { id: row.authorId, name: row.authorName },
    createdAt: row.createdAt.toISOString(),
    photoIds: row.photoIds,
    done:
      row.doneAt !== null && row.doneById !== null
        ? { by: { id: row.doneById, name: row.doneByName ?? '' }, at: row.doneAt.toISOString() }
        : null,
  };
}
