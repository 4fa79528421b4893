import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsArray, IsIn, IsInt, IsNumber, IsObject, IsOptional, IsString, Max, Min } from 'class-validator';

/**
 * A manager's edit of one crop. Nested objects (stage targets, moisture, spec, days to saleable) are
 * merged over the current values key by key, so a PATCH may send only what changed.
 */
export class UpdateCropDto {
  @ApiPropertyOptional() @IsOptional() @IsString() nameZh?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() nameEn?: string;
  @ApiPropertyOptional({ description: 'Cells per tray of the default tray' })
  @IsOptional()
  @IsInt()
  @Min(1)
  traysDefault?: number;
  @ApiPropertyOptional({ type: [Number] })
  @IsOptional()
  @IsArray()
  @IsInt({ each: true })
  traysAlt?: number[];
  @ApiPropertyOptional({ enum: ['none', 'rare', 'optional', 'common'] })
  @IsOptional()
  @IsIn(['none', 'rare', 'optional', 'common'])
  graft?: 'none' | 'rare' | 'optional' | 'common';
  @ApiPropertyOptional({
    description: '{ winter, spring, summer }: days sowing → saleable, null = not grown',
  })
  @IsOptional()
  @IsObject()
  daysToSaleable?: Record<string, number | null>;
  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(0) graftExtraDays?: number;
  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(0) @Max(60) holdDays?: number;
  @ApiPropertyOptional() @IsOptional() @IsNumber() @Min(0.01) @Max(1) emergePct?: number;
  @ApiPropertyOptional() @IsOptional() @IsNumber() @Min(0.01) @Max(1) emergePctSummer?: number;
  @ApiPropertyOptional() @IsOptional() @IsNumber() @Min(0.01) @Max(1) saleablePct?: number;
  @ApiPropertyOptional({ description: 'fen per non-grafted seedling' })
  @IsOptional()
  @IsInt()
  @Min(0)
  defaultPriceFen?: number;
  @ApiPropertyOptional() @IsOptional() @IsNumber() coldWarnC?: number;
  @ApiPropertyOptional() @IsOptional() @IsNumber() coldCritC?: number;
  @ApiPropertyOptional() @IsOptional() @IsNumber() hotWarnC?: number;
  @ApiPropertyOptional() @IsOptional() @IsNumber() hotCritC?: number;
  @ApiPropertyOptional() @IsOptional() @IsObject() stageTargets?: Record<string, unknown>;
  @ApiPropertyOptional() @IsOptional() @IsObject() moisture?: Record<string, unknown>;
  @ApiPropertyOptional() @IsOptional() @IsObject() spec?: Record<string, unknown>;
  @ApiPropertyOptional() @IsOptional() @IsObject() substrateGermC?: Record<string, unknown>;
  @ApiPropertyOptional() @IsOptional() @IsObject() substrateGrowC?: Record<string, unknown>;
  @ApiPropertyOptional() @IsOptional() @IsObject() rhGermPct?: Record<string, unknown>;
  @ApiPropertyOptional() @IsOptional() @IsObject() rhGrowPct?: Record<string, unknown>;
  @ApiPropertyOptional() @IsOptional() @IsObject() hardDays?: Record<string, unknown>;
}
