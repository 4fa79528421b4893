import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsNumber,
  IsObject,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { SCHEDULE_KINDS, type ScheduleKind } from './schedule.entity.js';

export class ScheduleSlotDto {
  @ApiProperty({ example: '08:30', description: 'HH:MM in the nursery time zone' })
  @Matches(/^([01]\d|2[0-3]):[0-5]\d$/)
  at!: string;

  @ApiProperty({ example: { seconds: 120 }, description: 'Irrigation {seconds}|{passes}; setpoint {sp_c}' })
  @IsObject()
  params!: Record<string, unknown>;
}

export class CreateScheduleDto {
  @ApiProperty() @IsString() @Length(1, 100) name!: string;
  @ApiProperty({ enum: SCHEDULE_KINDS }) @IsIn(SCHEDULE_KINDS) kind!: ScheduleKind;

  @ApiProperty({ type: [ScheduleSlotDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(24)
  @ValidateNested({ each: true })
  @Type(() => ScheduleSlotDto)
  slots!: ScheduleSlotDto[];

  @ApiPropertyOptional({ description: 'moisture-irrigation: irrigate below this VWC %' })
  @IsOptional()
  @IsNumber()
  @Min(0)
  @Max(100)
  moistureBelowPct?: number;

  @ApiPropertyOptional() @IsOptional() @IsBoolean() enabled?: boolean;
}

export class UpdateScheduleDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 100) name?: string;

  @ApiPropertyOptional({ type: [ScheduleSlotDto] })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(24)
  @ValidateNested({ each: true })
  @Type(() => ScheduleSlotDto)
  slots?: ScheduleSlotDto[];

  @ApiPropertyOptional() @IsOptional() @IsNumber() @Min(0) @Max(100) moistureBelowPct?: number;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() enabled?: boolean;
}
