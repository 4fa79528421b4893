import type { PhotoType } from '#contracts';
import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  type Relation,
} from 'typeorm';
import { User } from '../users/user.entity.js';
import { Observation } from './observation.entity.js';

/**
 * One uploaded photo: its bytes are the file `DATA_DIR/photos/<id>` (a random id, never the name the
 * phone gave it), which the backups carry with the rest of DATA_DIR. Uploaded first, then named by
 * the observation that shows it; until then `observationId` is null.
 */
@Entity('photos')
@Index('photos_observation_idx', ['observationId'])
export class Photo {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid', nullable: true })
  observationId!: string | null;

  @ManyToOne(() => Observation, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'observation_id' })
  observation?: Relation<Observation>;

  @Column({ type: 'varchar', length: 16 })
  contentType!: PhotoType;

  @Column({ type: 'integer' })
  bytes!: number;

  @Column({ type: 'uuid' })
  uploadedById!: string;

  @ManyToOne(() => User)
  @JoinColumn({ name: 'uploaded_by_id' })
  uploadedBy?: Relation<User>;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
