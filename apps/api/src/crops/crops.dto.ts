import type {
  CreateCropRequest,
  CreateVarietyRequest,
  CropFields,
  EmptyHouseRequest,
  UpdateCropRequest,
  UpdateVarietyRequest,
} from '#contracts';
import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsNumber,
  IsString,
  Length,
  Matches,
  Max,
  Min,
  ValidateIf,
} from 'class-validator';
import { CROP_KEY_PATTERN, STAGE_KEYS, type StageKey } from '#agronomy';
import { INPUT_LIMITS } from '../common/input-limits.js';
import { IsNested, IsTemperature, MayBeOmitted } from '../common/validators.js';

/*
 * A crop's fields as the manager edits them. Every field may be omitted: an edit sends what changed
 * and nested objects merge into the current profile key by key. Each value is checked here on its
 * own; what needs two values together (a lower limit below its upper) is checked on the merged
 * profile (profile-problems.ts).
 */

/** A measured range; a PATCH may send one end. */
export class RangeDto {
  @ApiPropertyOptional() @MayBeOmitted() @IsNumber() @Min(-50) @Max(400) lo?: number;
  @ApiPropertyOptional() @MayBeOmitted() @IsNumber() @Min(-50) @Max(400) hi?: number;
}

export class StageTargetDto {
  @ApiPropertyOptional({ type: RangeDto }) @MayBeOmitted() @IsNested(() => RangeDto) dayC?: RangeDto;
  @ApiPropertyOptional({ type: RangeDto }) @MayBeOmitted() @IsNested(() => RangeDto) nightC?: RangeDto;
}

export class StageTargetsDto {
  @ApiPropertyOptional() @MayBeOmitted() @IsNested(() => StageTargetDto) germination?: StageTargetDto;
  @ApiPropertyOptional() @MayBeOmitted() @IsNested(() => StageTargetDto) cotyledon?: StageTargetDto;
  @ApiPropertyOptional() @MayBeOmitted() @IsNested(() => StageTargetDto) trueLeaf?: StageTargetDto;
  @ApiPropertyOptional() @MayBeOmitted() @IsNested(() => StageTargetDto) hardening?: StageTargetDto;
}

export class MoistureDto {
  @ApiPropertyOptional() @MayBeOmitted() @IsNumber() @Min(0) @Max(100) vwcLowerPct?: number;
  @ApiPropertyOptional() @MayBeOmitted() @IsNumber() @Min(0) @Max(100) vwcUpperPct?: number;
}

export class StageMoistureDto {
  @ApiPropertyOptional() @MayBeOmitted() @IsNested(() => MoistureDto) germination?: MoistureDto;
  @ApiPropertyOptional() @MayBeOmitted() @IsNested(() => MoistureDto) cotyledon?: MoistureDto;
  @ApiPropertyOptional() @MayBeOmitted() @IsNested(() => MoistureDto) trueLeaf?: MoistureDto;
  @ApiPropertyOptional() @MayBeOmitted() @IsNested(() => MoistureDto) hardening?: MoistureDto;
}

/** Days in a season from sowing to saleable, or null: the crop is not grown in that season. */
const SeasonDays = () =>
  applyDecorators(
    ApiPropertyOptional({ nullable: true }),
    ValidateIf((_o, v) => v !== null && v !== undefined),
    IsInt(),
    Min(1),
    Max(365),
  );

/** Days sowing → saleable per season; null = not grown in that season. */
export class DaysToSaleableDto {
  @SeasonDays() winter?: number | null;
  @SeasonDays() spring?: number | null;
  @SeasonDays() summer?: number | null;
}

export class SpecDto {
  @ApiPropertyOptional() @MayBeOmitted() @IsString() @Length(1, 100) leaves?: string;
  @ApiPropertyOptional({ type: RangeDto }) @MayBeOmitted() @IsNested(() => RangeDto) heightCm?: RangeDto;
}

/** One row of the price table, in fen per seedling; a whole row is sent (the table replaces). */
export class TrayPriceDto {
  @ApiProperty() @IsInt() @Min(INPUT_LIMITS.cellsMin) @Max(INPUT_LIMITS.cellsMax) cells!: number;
  @ApiProperty() @IsInt() @Min(1) @Max(INPUT_LIMITS.seedlingPriceFen) priceFen!: number;
  @ApiProperty({ nullable: true })
  @ValidateIf((_o, v) => v !== null)
  @IsInt()
  @Min(1)
  @Max(INPUT_LIMITS.seedlingPriceFen)
  graftedPriceFen!: number | null;
  @ApiProperty({ nullable: true })
  @ValidateIf((_o, v) => v !== null)
  @IsInt()
  @Min(1)
  @Max(INPUT_LIMITS.seedlingPriceFen)
  ownSeedPriceFen!: number | null;
}

/** Hours that count toward bolting: fromC (null: no floor) to toC, for sowings in sowMonths (empty: all). */
export class ChillingDto {
  @ApiProperty({ nullable: true }) @ValidateIf((_o, v) => v !== null) @IsTemperature() fromC!: number | null;
  @ApiProperty() @IsTemperature() toC!: number;
  @ApiProperty() @IsBoolean() toIncluded!: boolean;
  @ApiProperty({ type: [Number] })
  @IsArray()
  @ArrayMaxSize(12)
  @IsInt({ each: true })
  @Min(1, { each: true })
  @Max(12, { each: true })
  sowMonths!: number[];
}

export class CropFieldsDto implements CropFields {
  @ApiPropertyOptional({ description: 'Cells per tray of the default tray' })
  @MayBeOmitted()
  @IsInt()
  @Min(INPUT_LIMITS.cellsMin)
  @Max(INPUT_LIMITS.cellsMax)
  traysDefault?: number;
  @ApiPropertyOptional({ type: [Number] })
  @MayBeOmitted()
  @IsArray()
  @ArrayMaxSize(20)
  @IsInt({ each: true })
  @Min(INPUT_LIMITS.cellsMin, { each: true })
  @Max(INPUT_LIMITS.cellsMax, { each: true })
  traysAlt?: number[];
  @ApiPropertyOptional({ enum: ['none', 'rare', 'optional', 'common'] })
  @MayBeOmitted()
  @IsIn(['none', 'rare', 'optional', 'common'])
  graft?: 'none' | 'rare' | 'optional' | 'common';
  @ApiPropertyOptional({ type: DaysToSaleableDto })
  @MayBeOmitted()
  @IsNested(() => DaysToSaleableDto)
  daysToSaleable?: DaysToSaleableDto;
  @ApiPropertyOptional({ nullable: true })
  @ValidateIf((_o, v) => v !== null && v !== undefined)
  @IsInt()
  @Min(0)
  @Max(60)
  graftExtraDays?: number | null;
  @ApiPropertyOptional() @MayBeOmitted() @IsInt() @Min(0) @Max(60) holdDays?: number;
  @ApiPropertyOptional() @MayBeOmitted() @IsNumber() @Min(0.01) @Max(1) emergePct?: number;
  @ApiPropertyOptional() @MayBeOmitted() @IsNumber() @Min(0.01) @Max(1) emergePctSummer?: number;
  @ApiPropertyOptional() @MayBeOmitted() @IsNumber() @Min(0.01) @Max(1) saleablePct?: number;
  @ApiPropertyOptional() @MayBeOmitted() @IsTemperature() coldWarnC?: number;
  @ApiPropertyOptional() @MayBeOmitted() @IsTemperature() coldCritC?: number;
  @ApiPropertyOptional() @MayBeOmitted() @IsTemperature() hotWarnC?: number;
  @ApiPropertyOptional() @MayBeOmitted() @IsTemperature() hotCritC?: number;
  @ApiPropertyOptional({ type: StageTargetsDto })
  @MayBeOmitted()
  @IsNested(() => StageTargetsDto)
  stageTargets?: StageTargetsDto;
  @ApiPropertyOptional({ type: StageMoistureDto })
  @MayBeOmitted()
  @IsNested(() => StageMoistureDto)
  moisture?: StageMoistureDto;
  @ApiPropertyOptional({ type: SpecDto }) @MayBeOmitted() @IsNested(() => SpecDto) spec?: SpecDto;
  @ApiPropertyOptional() @MayBeOmitted() @IsNested(() => RangeDto) germinationC?: RangeDto;
  @ApiPropertyOptional() @MayBeOmitted() @IsNested(() => RangeDto) emergeDays?: RangeDto;
  @ApiPropertyOptional() @MayBeOmitted() @IsNested(() => RangeDto) substrateGermC?: RangeDto;
  @ApiPropertyOptional() @MayBeOmitted() @IsNested(() => RangeDto) substrateGrowC?: RangeDto;
  @ApiPropertyOptional() @MayBeOmitted() @IsNested(() => RangeDto) rhGermPct?: RangeDto;
  @ApiPropertyOptional() @MayBeOmitted() @IsNested(() => RangeDto) rhGrowPct?: RangeDto;
  @ApiPropertyOptional() @MayBeOmitted() @IsNested(() => RangeDto) hardDays?: RangeDto;
  @ApiPropertyOptional({ type: [TrayPriceDto], description: 'Replaces the whole price table' })
  @MayBeOmitted()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @IsNested(() => TrayPriceDto, { each: true })
  prices?: TrayPriceDto[];
  @ApiPropertyOptional({ type: ChillingDto, nullable: true })
  @ValidateIf((_o, v) => v !== null && v !== undefined)
  @IsNested(() => ChillingDto)
  chilling?: ChillingDto | null;
}

/** A manager's edit of one crop: names and any field. The key never changes. */
export class UpdateCropDto extends CropFieldsDto implements UpdateCropRequest {
  @ApiPropertyOptional() @MayBeOmitted() @IsString() @Length(1, 100) nameZh?: string;
  @ApiPropertyOptional() @MayBeOmitted() @IsString() @Length(1, 100) nameEn?: string;
}

/** A new crop: its key and names, the rest copied from another crop and changed by the given fields. */
export class CreateCropDto extends CropFieldsDto implements CreateCropRequest {
  @ApiProperty({ description: '[a-z0-9_], at most 32; never changes once used' })
  @IsString()
  @Matches(CROP_KEY_PATTERN)
  key!: string;
  @ApiProperty() @IsString() @Length(1, 100) nameZh!: string;
  @ApiProperty() @IsString() @Length(1, 100) nameEn!: string;
  @ApiPropertyOptional({
    description: 'The crop whose profile the new one starts from; the first crop if omitted',
  })
  @MayBeOmitted()
  @IsString()
  @Matches(CROP_KEY_PATTERN)
  copyOf?: string;
}

/** A variety's edit: its English name, and its own fields, which replace the ones it had. */
export class UpdateVarietyDto implements UpdateVarietyRequest {
  @ApiPropertyOptional({ nullable: true })
  @ValidateIf((_o, v) => v !== null && v !== undefined)
  @IsString()
  @Length(1, 100)
  nameEn?: string | null;
  @ApiPropertyOptional({ type: CropFieldsDto })
  @MayBeOmitted()
  @IsNested(() => CropFieldsDto)
  overrides?: CropFieldsDto;
}

/** A new variety of a crop: its name as batches and orders will carry it, and what differs from the crop. */
export class CreateVarietyDto extends UpdateVarietyDto implements CreateVarietyRequest {
  @ApiProperty() @IsString() @Matches(/\S/) @Length(1, 100) name!: string;
}

/** The crop and stage an empty house is held to. */
export class EmptyHouseDto implements EmptyHouseRequest {
  @ApiProperty() @IsString() @Matches(CROP_KEY_PATTERN) crop!: string;
  @ApiProperty({ enum: STAGE_KEYS }) @IsIn(STAGE_KEYS) stage!: StageKey;
}
