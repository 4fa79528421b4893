import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, IsUUID, Length, Matches, Min } from 'class-validator';
import { CROP_KEYS } from '#agronomy';
import { BATCH_STAGES, type BatchStage } from './batch.entity.js';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

export class CreateBatchDto {
  @ApiProperty({ enum: CROP_KEYS }) @IsIn(CROP_KEYS) crop!: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 100) cultivar?: string;
  @ApiPropertyOptional({ description: 'Cells per tray; crop default otherwise' })
  @IsOptional()
  @IsInt()
  @Min(8)
  cells?: number;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() grafted?: boolean;
  @ApiPropertyOptional() @IsOptional() @IsUUID() rootstockBatchId?: string;
  @ApiPropertyOptional({ description: 'Buyer id when raising a buyer’s own seed (来种代育)' })
  @IsOptional()
  @IsUUID()
  seedOwnerBuyerId?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 100) seedLot?: string;
  @ApiProperty({ example: 'gh1' }) @IsString() @Length(1, 64) zone!: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 200) benches?: string;
  @ApiProperty() @IsInt() @Min(1) trays!: number;
  @ApiPropertyOptional({ description: 'Of `trays`, how many are refill (补苗) stock' })
  @IsOptional()
  @IsInt()
  @Min(0)
  refillTrays?: number;
  @ApiPropertyOptional({ description: 'Today by default' }) @IsOptional() @Matches(ISO_DATE) sowDate?: string;
  @ApiPropertyOptional({ enum: ['planned', 'sown'] }) @IsOptional() @IsIn(['planned', 'sown']) stage?:
    'planned' | 'sown';
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(0, 500) note?: string;
}

export class UpdateBatchDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 100) cultivar?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 100) seedLot?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 200) benches?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(0, 500) note?: string;
}

export class StageEventDto {
  @ApiProperty({ enum: BATCH_STAGES }) @IsIn(BATCH_STAGES) stage!: BatchStage;
  @ApiPropertyOptional({ description: 'For `sown`: the actual sowing date (moves the ready window)' })
  @IsOptional()
  @Matches(ISO_DATE)
  date?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(0, 300) note?: string;
}

export class CountEventDto {
  @ApiPropertyOptional({ description: 'Seedlings emerged (absolute count)' })
  @IsOptional()
  @IsInt()
  @Min(0)
  emerged?: number;
  @ApiPropertyOptional({ description: 'Cells refilled now (added)' })
  @IsOptional()
  @IsInt()
  @Min(0)
  refilled?: number;
  @ApiPropertyOptional({ description: 'Seedlings culled now (added); needs a reason' })
  @IsOptional()
  @IsInt()
  @Min(0)
  culled?: number;
  @ApiPropertyOptional({ example: 'damping_off' })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  cullReason?: string;
  @ApiPropertyOptional({ description: 'Saleable seedlings the batch yields in total (absolute)' })
  @IsOptional()
  @IsInt()
  @Min(0)
  saleable?: number;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(0, 300) note?: string;
}

export class MoveBatchDto {
  @ApiProperty() @IsString() @Length(1, 64) zone!: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 200) benches?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(0, 300) note?: string;
}

export class ListBatchesQuery {
  @ApiPropertyOptional() @IsOptional() @IsString() zone?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() crop?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() stage?: string;
}
