import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Length, Matches, Max, Min } from 'class-validator';
import { COST_CATEGORIES, type CostCategory } from './cost.entity.js';

export class AnnualReportQuery {
  @ApiProperty() @Type(() => Number) @IsInt() @Min(2000) @Max(2100) year!: number;
  @ApiPropertyOptional({ enum: ['json', 'csv'] }) @IsOptional() @IsIn(['json', 'csv']) format?:
    'json' | 'csv';
}

export class CostDto {
  @ApiProperty() @Matches(/^\d{4}-\d{2}-\d{2}$/) date!: string;
  @ApiProperty({ enum: COST_CATEGORIES }) @IsIn(COST_CATEGORIES) category!: CostCategory;
  @ApiProperty({ description: 'fen' }) @IsInt() @Min(0) amountFen!: number;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(0, 200) note?: string;
}

export class ListCostsQuery {
  @ApiProperty() @Type(() => Number) @IsInt() @Min(2000) @Max(2100) year!: number;
}
