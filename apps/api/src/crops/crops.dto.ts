import type { UpdateCropRequest } from '#contracts';
import { ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsNumber,
  IsObject,
  IsString,
  Length,
  Max,
  Min,
} from 'class-validator';
import { INPUT_LIMITS } from '../common/input-limits.js';
import { IsTemperature, MayBeOmitted } from '../common/validators.js';

/**
 * A manager's edit of one crop. Nested objects (stage targets, moisture, spec, days to saleable) are
 * merged over the current values key by key, so a PATCH may send only what changed.
 */
export class UpdateCropDto implements UpdateCropRequest {
  @ApiPropertyOptional() @MayBeOmitted() @IsString() @Length(1, 100) nameZh?: string;
  @ApiPropertyOptional() @MayBeOmitted() @IsString() @Length(1, 100) nameEn?: string;
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
  @ApiPropertyOptional({
    description: '{ winter, spring, summer }: days sowing → saleable, null = not grown',
  })
  @MayBeOmitted()
  @IsObject()
  daysToSaleable?: Record<string, number | null>;
  @ApiPropertyOptional() @MayBeOmitted() @IsInt() @Min(0) @Max(60) graftExtraDays?: number;
  @ApiPropertyOptional() @MayBeOmitted() @IsInt() @Min(0) @Max(60) holdDays?: number;
  @ApiPropertyOptional() @MayBeOmitted() @IsNumber() @Min(0.01) @Max(1) emergePct?: number;
  @ApiPropertyOptional() @MayBeOmitted() @IsNumber() @Min(0.01) @Max(1) emergePctSummer?: number;
  @ApiPropertyOptional() @MayBeOmitted() @IsNumber() @Min(0.01) @Max(1) saleablePct?: number;
  @ApiPropertyOptional({ description: 'fen per non-grafted seedling' })
  @MayBeOmitted()
  @IsInt()
  @Min(0)
  @Max(INPUT_LIMITS.seedlingPriceFen)
  defaultPriceFen?: number;
  @ApiPropertyOptional() @MayBeOmitted() @IsTemperature() coldWarnC?: number;
  @ApiPropertyOptional() @MayBeOmitted() @IsTemperature() coldCritC?: number;
  @ApiPropertyOptional() @MayBeOmitted() @IsTemperature() hotWarnC?: number;
  @ApiPropertyOptional() @MayBeOmitted() @IsTemperature() hotCritC?: number;
  @ApiPropertyOptional() @MayBeOmitted() @IsObject() stageTargets?: Record<string, unknown>;
  @ApiPropertyOptional() @MayBeOmitted() @IsObject() moisture?: Record<string, unknown>;
  @ApiPropertyOptional() @MayBeOmitted() @IsObject() spec?: Record<string, unknown>;
  @ApiPropertyOptional() @MayBeOmitted() @IsObject() substrateGermC?: Record<string, unknown>;
  @ApiPropertyOptional() @MayBeOmitted() @IsObject() substrateGrowC?: Record<string, unknown>;
  @ApiPropertyOptional() @MayBeOmitted() @IsObject() rhGermPct?: Record<string, unknown>;
  @ApiPropertyOptional() @MayBeOmitted() @IsObject() rhGrowPct?: Record<string, unknown>;
  @ApiPropertyOptional() @MayBeOmitted() @IsObject() hardDays?: Record<string, unknown>;
}
