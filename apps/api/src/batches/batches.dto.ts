import type {
  BatchesQuery,
  CorrectionRequest,
  CountEventRequest,
  CreateBatchRequest,
  GraftBatchRequest,
  MoveBatchRequest,
  SowBatchRequest,
  StageEventRequest,
  UpdateBatchRequest,
} from '#contracts';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsNumber,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  Min,
} from 'class-validator';
import { CULL_CAUSES, type CullCause } from '#contracts';
import { CROP_KEY_PATTERN } from '#agronomy';
import { BATCH_STAGES, type BatchStage } from './batch.entity.js';
import { INPUT_LIMITS } from '../common/input-limits.js';
import { IsCalendarDate, MayBeOmitted } from '../common/validators.js';

export class CreateBatchDto implements CreateBatchRequest {
  @ApiProperty({ description: 'A crop key of the catalogue' })
  @IsString()
  @Matches(CROP_KEY_PATTERN)
  crop!: string;
  @ApiPropertyOptional() @MayBeOmitted() @IsString() @Length(1, 100) cultivar?: string;
  @ApiPropertyOptional({ description: 'Cells per tray; crop default otherwise' })
  @MayBeOmitted()
  @IsInt()
  @Min(INPUT_LIMITS.cellsMin)
  @Max(INPUT_LIMITS.cellsMax)
  cells?: number;
  @ApiPropertyOptional() @MayBeOmitted() @IsBoolean() grafted?: boolean;
  @ApiPropertyOptional() @MayBeOmitted() @IsUUID() rootstockBatchId?: string;
  @ApiPropertyOptional({ description: 'Buyer id when raising a buyer’s own seed (来种代育)' })
  @MayBeOmitted()
  @IsUUID()
  seedOwnerBuyerId?: string;
  @ApiPropertyOptional() @MayBeOmitted() @IsString() @Length(1, 100) seedLot?: string;
  @ApiProperty({ example: 'gh1' }) @IsString() @Length(1, 64) zone!: string;
  @ApiPropertyOptional() @MayBeOmitted() @IsString() @Length(1, 200) benches?: string;
  @ApiProperty() @IsInt() @Min(1) @Max(INPUT_LIMITS.trays) trays!: number;
  @ApiPropertyOptional({ description: 'Of `trays`, how many are refill (补苗) stock' })
  @MayBeOmitted()
  @IsInt()
  @Min(0)
  @Max(INPUT_LIMITS.trays)
  refillTrays?: number;
  @ApiPropertyOptional({ description: 'Today by default' })
  @MayBeOmitted()
  @IsCalendarDate()
  sowDate?: string;
  @ApiPropertyOptional({ enum: ['planned', 'sown'] }) @MayBeOmitted() @IsIn(['planned', 'sown']) stage?:
    'planned' | 'sown';
  @ApiPropertyOptional() @MayBeOmitted() @IsString() @Length(0, 500) note?: string;
}

export class UpdateBatchDto implements UpdateBatchRequest {
  @ApiPropertyOptional() @MayBeOmitted() @IsString() @Length(1, 100) cultivar?: string;
  @ApiPropertyOptional() @MayBeOmitted() @IsString() @Length(1, 100) seedLot?: string;
  @ApiPropertyOptional() @MayBeOmitted() @IsString() @Length(1, 200) benches?: string;
  @ApiPropertyOptional() @MayBeOmitted() @IsString() @Length(0, 500) note?: string;
}

export class StageEventDto implements StageEventRequest {
  @ApiProperty({ enum: BATCH_STAGES }) @IsIn(BATCH_STAGES) stage!: BatchStage;
  @ApiPropertyOptional({ enum: CULL_CAUSES, description: 'For `culled`: why the whole batch was culled' })
  @MayBeOmitted()
  @IsIn(CULL_CAUSES)
  cullReason?: CullCause;
  @ApiPropertyOptional({ description: 'For `sown`: the actual sowing date (moves the ready window)' })
  @MayBeOmitted()
  @IsCalendarDate()
  date?: string;
  @ApiPropertyOptional() @MayBeOmitted() @IsString() @Length(0, 300) note?: string;
}

export class CountEventDto implements CountEventRequest {
  @ApiPropertyOptional({ description: 'Seedlings emerged (absolute count)' })
  @MayBeOmitted()
  @IsInt()
  @Min(0)
  @Max(INPUT_LIMITS.seedlings)
  emerged?: number;
  @ApiPropertyOptional({ description: 'Cells refilled now (added)' })
  @MayBeOmitted()
  @IsInt()
  @Min(0)
  @Max(INPUT_LIMITS.seedlings)
  refilled?: number;
  @ApiPropertyOptional({ description: 'Seedlings culled now (added); needs a reason' })
  @MayBeOmitted()
  @IsInt()
  @Min(0)
  @Max(INPUT_LIMITS.seedlings)
  culled?: number;
  @ApiPropertyOptional({ enum: CULL_CAUSES, description: 'Why (closed list); details go in `note`' })
  @MayBeOmitted()
  @IsIn(CULL_CAUSES)
  cullReason?: CullCause;
  @ApiPropertyOptional({ description: 'Grafted plants alive after healing (absolute)' })
  @MayBeOmitted()
  @IsInt()
  @Min(0)
  @Max(INPUT_LIMITS.seedlings)
  survived?: number;
  @ApiPropertyOptional({ description: 'Saleable seedlings the batch yields in total (absolute)' })
  @MayBeOmitted()
  @IsInt()
  @Min(0)
  @Max(INPUT_LIMITS.seedlings)
  saleable?: number;
  @ApiPropertyOptional() @MayBeOmitted() @IsString() @Length(0, 300) note?: string;
}

export class MoveBatchDto implements MoveBatchRequest {
  @ApiProperty({ description: 'The house the trays go to' }) @IsString() @Length(1, 64) zone!: string;
  @ApiPropertyOptional({ description: 'Benches they go to (free text until benches are records)' })
  @MayBeOmitted()
  @IsString()
  @Length(1, 200)
  benches?: string;
  @ApiPropertyOptional({ type: [String], description: 'Ids of the bench records of the house they go to' })
  @MayBeOmitted()
  @IsArray()
  @ArrayMaxSize(INPUT_LIMITS.benchesPerMove)
  @IsUUID('all', { each: true })
  benchIds?: string[];
  @ApiPropertyOptional({ description: 'How many trays move; all of them when absent' })
  @MayBeOmitted()
  @IsInt()
  @Min(1)
  @Max(100_000)
  trays?: number;
  @ApiPropertyOptional({ description: 'The house they leave; the batch’s main house when absent' })
  @MayBeOmitted()
  @IsString()
  @Length(1, 64)
  from?: string;
  @ApiPropertyOptional({ description: 'The benches they leave' })
  @MayBeOmitted()
  @IsString()
  @Length(1, 200)
  fromBenches?: string;
  @ApiPropertyOptional() @MayBeOmitted() @IsString() @Length(0, 300) note?: string;
}

export class ListBatchesQuery implements BatchesQuery {
  @ApiPropertyOptional() @MayBeOmitted() @IsString() @Length(1, 64) zone?: string;
  @ApiPropertyOptional() @MayBeOmitted() @IsString() @Length(1, 32) crop?: string;
  @ApiPropertyOptional() @MayBeOmitted() @IsString() @Length(1, 32) stage?: string;
}

/** A planned batch becomes sown: what was actually used. */
export class SowBatchDto implements SowBatchRequest {
  @ApiProperty() @IsInt() @Min(1) @Max(100_000) trays!: number;
  @ApiPropertyOptional({ description: 'Cells per tray; the plan’s when absent' })
  @MayBeOmitted()
  @IsInt()
  @Min(8)
  @Max(512)
  cells?: number;
  @ApiPropertyOptional({ description: 'The variety sown; the plan’s when absent' })
  @MayBeOmitted()
  @IsString()
  @Length(1, 100)
  cultivar?: string;
  @ApiProperty({ description: 'Seed lot used' }) @IsString() @Length(1, 100) seedLot!: string;
  @ApiPropertyOptional({
    description: 'The lot’s germination test (%): sets the batch’s expected emergence',
    example: 92,
  })
  @MayBeOmitted()
  @IsNumber()
  @Min(1)
  @Max(100)
  germinationPct?: number;
  @ApiPropertyOptional({ description: 'Today when absent' }) @MayBeOmitted() @IsCalendarDate() date?: string;
  @ApiPropertyOptional({ description: 'Where it is sown; the plan’s house when absent' })
  @MayBeOmitted()
  @IsString()
  @Length(1, 64)
  zone?: string;
  @ApiPropertyOptional() @MayBeOmitted() @IsString() @Length(1, 200) benches?: string;
  @ApiPropertyOptional() @MayBeOmitted() @IsString() @Length(0, 300) note?: string;
}

/** Scions of this batch grafted on a rootstock batch: two batches linked by a graft event. */
export class GraftBatchDto implements GraftBatchRequest {
  @ApiProperty({ description: 'The rootstock batch' }) @IsUUID() rootstockBatchId!: string;
  @ApiProperty({ description: 'Plants grafted' }) @IsInt() @Min(1) @Max(10_000_000) count!: number;
  @ApiPropertyOptional({ description: 'Today when absent' }) @MayBeOmitted() @IsCalendarDate() date?: string;
  @ApiPropertyOptional() @MayBeOmitted() @IsString() @Length(0, 300) note?: string;
}

export const CORRECTABLE = ['emerged', 'refilled', 'culled', 'saleable', 'survived'] as const;
export type CorrectableField = (typeof CORRECTABLE)[number];

/** A wrong count is corrected by a correction entry with the right value, never by deleting history. */
export class CorrectionDto implements CorrectionRequest {
  @ApiProperty({ enum: CORRECTABLE }) @IsIn(CORRECTABLE) field!: CorrectableField;
  @ApiProperty({ description: 'The right value (absolute)' })
  @IsInt()
  @Min(0)
  @Max(10_000_000)
  value!: number;
  @ApiProperty({ description: 'What was wrong' }) @IsString() @Length(1, 300) reason!: string;
}
