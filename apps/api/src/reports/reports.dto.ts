import type {
  AnnualReportQuery as AnnualReportQueryContract,
  CostRequest,
  CostsQuery,
  LossLedgerQuery as LossLedgerQueryContract,
  UpdateReportSettingsRequest,
} from '#contracts';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsString, IsUUID, Length, Max, Min } from 'class-validator';
import { COST_CATEGORIES, type CostCategory } from './cost.entity.js';
import { INPUT_LIMITS } from '../common/input-limits.js';
import { IsCalendarDate, IsDecimal, MayBeOmitted } from '../common/validators.js';

export class AnnualReportQuery implements AnnualReportQueryContract {
  @ApiProperty() @Type(() => Number) @IsInt() @Min(2000) @Max(2100) year!: number;
  @ApiPropertyOptional({ enum: ['json', 'csv'] }) @MayBeOmitted() @IsIn(['json', 'csv']) format?:
    'json' | 'csv';
}

export class LossLedgerQuery implements LossLedgerQueryContract {
  @ApiProperty() @Type(() => Number) @IsInt() @Min(2000) @Max(2100) year!: number;
}

export class CostDto implements CostRequest {
  @ApiProperty() @IsCalendarDate() date!: string;
  @ApiProperty({ enum: COST_CATEGORIES }) @IsIn(COST_CATEGORIES) category!: CostCategory;
  @ApiProperty({ description: 'fen' }) @IsInt() @Min(0) @Max(INPUT_LIMITS.amountFen) amountFen!: number;
  @ApiPropertyOptional() @MayBeOmitted() @IsString() @Length(0, 200) note?: string;
  @ApiPropertyOptional({ description: 'The batch the cost was spent on' })
  @MayBeOmitted()
  @IsUUID()
  batchId?: string;
}

export class ReportSettingsDto implements UpdateReportSettingsRequest {
  @ApiProperty({ description: "The collective's share of the margin, 0…1", example: 1 })
  @IsDecimal(4)
  @Min(0)
  @Max(1)
  collectiveShare!: number;
}

export class ListCostsQuery implements CostsQuery {
  @ApiProperty() @Type(() => Number) @IsInt() @Min(2000) @Max(2100) year!: number;
}
