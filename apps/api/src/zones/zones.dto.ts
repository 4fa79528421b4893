import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  Length,
  Matches,
  Min,
} from 'class-validator';
import { ZONE_KINDS, type ZoneKind } from './zone.entity.js';

export class CreateZoneDto {
  @ApiPropertyOptional({ description: 'Site code; the configured site by default' })
  @IsOptional()
  @Matches(/^[a-z0-9-]{1,32}$/, { message: 'site must be lowercase letters, digits and dashes' })
  site?: string;

  @ApiProperty({ example: 'gh4', description: 'Equals the zone segment of MQTT topics' })
  @Matches(/^[a-z0-9-]{1,64}$/, { message: 'code must be lowercase letters, digits and dashes' })
  code!: string;

  @ApiProperty({ enum: ZONE_KINDS }) @IsIn(ZONE_KINDS) kind!: ZoneKind;
  @ApiProperty() @IsString() @Length(1, 100) name!: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 100) nameEn?: string;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() hasHeating?: boolean;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() hasBoomIrrigation?: boolean;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() hasBenchHeat?: boolean;
  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(0) sortOrder?: number;
}

export class UpdateZoneDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 100) name?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 100) nameEn?: string;
  @ApiPropertyOptional({ enum: ZONE_KINDS }) @IsOptional() @IsIn(ZONE_KINDS) kind?: ZoneKind;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() hasHeating?: boolean;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() hasBoomIrrigation?: boolean;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() hasBenchHeat?: boolean;
  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(0) sortOrder?: number;
  @ApiPropertyOptional({ description: 'Bench area in m²' })
  @IsOptional()
  @IsNumber()
  @Min(0)
  benchAreaM2?: number;
  @ApiPropertyOptional({ description: 'Trays per m² of bench' })
  @IsOptional()
  @IsNumber()
  @Min(0)
  traysPerM2?: number;
  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(0) benches?: number;
  @ApiPropertyOptional({ description: 'Trays held at once (germination room; or overrides area × density)' })
  @IsOptional()
  @IsInt()
  @Min(0)
  trayCapacity?: number;
}
