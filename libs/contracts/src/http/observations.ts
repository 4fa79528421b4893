import type { IsoDateTime } from './common.js';

/**
 * The adviser's notes (顾问, docs/roles.md): an observation (what was seen) or a recommendation (what
 * to do). Both stay open on the technicians' today list until someone marks them done.
 */
export type ObservationKind = 'observation' | 'recommendation';
export const OBSERVATION_KINDS: readonly ObservationKind[] = ['observation', 'recommendation'];

/** The picture formats a phone's browser makes from a canvas; anything else is refused. */
export type PhotoType = 'image/jpeg' | 'image/png' | 'image/webp';
export const PHOTO_TYPES: readonly PhotoType[] = ['image/jpeg', 'image/png', 'image/webp'];
/** An uploaded photo's largest size: a 1280 px JPEG at quality 0.8 is 100-400 KB. */
export const PHOTO_MAX_BYTES = 3 * 1024 * 1024;
/** Photos one observation carries. */
export const PHOTOS_PER_OBSERVATION = 3;
/** The longest side the browser shrinks a photo to before it uploads it. */
export const PHOTO_LONGEST_SIDE_PX = 1280;
/** Characters of one observation's text. */
export const OBSERVATION_TEXT_MAX = 2000;

/** `POST /api/photos` answers the stored photo's id, which an observation then names. */
export interface PhotoResponse {
  id: string;
  contentType: PhotoType;
  bytes: number;
}

export interface CreateObservationRequest {
  kind: ObservationKind;
  /** The batch it is about; exactly one of batchId and alarmId. */
  batchId?: string;
  alarmId?: string;
  text: string;
  /** Photo ids from `POST /api/photos`, uploaded by the same person, at most three. */
  photoIds?: string[];
}

export interface ObservationsQuery {
  batchId?: string;
  alarmId?: string;
  /** `open` for the today list; omitted: both. */
  state?: 'open' | 'done';
}

export interface ObservationResponse {
  id: string;
  kind: ObservationKind;
  text: string;
  batch: { id: string; code: string; crop: string; zone: string } | null;
  alarm: { id: string; rule: string; zone: string; since: IsoDateTime } | null;
  author: { id: string; name: string };
  createdAt: IsoDateTime;
  photoIds: string[];
  /** Who marked it done and when; null while it is open. */
  done: { by: { id: string; name: string }; at: IsoDateTime } | null;
}
