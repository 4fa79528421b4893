import type { CreateZoneRequest, UpdateZoneRequest } from '#contracts';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsInt, IsNumber, IsString, Length, Matches, Max, Min } from 'class-validator';
import { ZONE_KINDS, type ZoneKind } from './zone.entity.js';
import { INPUT_LIMITS } from '../common/input-limits.js';
import { MayBeOmitted } from '../common/validators.js';

export class CreateZoneDto implements CreateZoneRequest {
  @ApiPropertyOptional({ description: 'Site code; the configured site by default' })
  @MayBeOmitted()
  @Matches(/^[a-z0-9-]{1,32}$/, { message: 'site must be lowercase letters, digits and dashes' })
  site?: string;

  @ApiProperty({ example: 'gh4', description: 'Equals the zone segment of MQTT topics' })
  @Matches(/^[a-z0-9-]{1,64}$/, { message: 'code must be lowercase letters, digits and dashes' })
  code!: string;

  @ApiProperty({ enum: ZONE_KINDS }) @IsIn(ZONE_KINDS) kind!: ZoneKind;
  @ApiProperty() @IsString() @Length(1, 100) name!: string;
  @ApiPropertyOptional() @MayBeOmitted() @IsString() @Length(1, 100) nameEn?: string;
  @ApiPropertyOptional() @MayBeOmitted() @IsBoolean() hasHeating?: boolean;
  @ApiPropertyOptional() @MayBeOmitted() @IsBoolean() hasBoomIrrigation?: boolean;
  @ApiPropertyOptional() @MayBeOmitted() @IsBoolean() hasBenchHeat?: boolean;
  @ApiPropertyOptional() @MayBeOmitted() @IsInt() @Min(0) @Max(INPUT_LIMITS.things) sortOrder?: number;
}

export class UpdateZoneDto implements UpdateZoneRequest {
  @ApiPropertyOptional() @MayBeOmitted() @IsString() @Length(1, 100) name?: string;
  @ApiPropertyOptional() @MayBeOmitted() @IsString() @Length(1, 100) nameEn?: string;
  @ApiPropertyOptional({ enum: ZONE_KINDS }) @MayBeOmitted() @IsIn(ZONE_KINDS) kind?: ZoneKind;
  @ApiPropertyOptional() @MayBeOmitted() @IsBoolean() hasHeating?: boolean;
  @ApiPropertyOptional() @MayBeOmitted() @IsBoolean() hasBoomIrrigation?: boolean;
  @ApiPropertyOptional() @MayBeOmitted() @IsBoolean() hasBenchHeat?: boolean;
  @ApiPropertyOptional() @MayBeOmitted() @IsInt() @Min(0) @Max(INPUT_LIMITS.things) sortOrder?: number;
  @ApiPropertyOptional({ description: 'Bench area in m²' })
  @MayBeOmitted()
  @IsNumber()
  @Min(0)
  @Max(INPUT_LIMITS.areaM2)
  benchAreaM2?: number;
  @ApiPropertyOptional({ description: 'Trays per m² of bench' })
  @MayBeOmitted()
  @IsNumber()
  @Min(0)
  @Max(INPUT_LIMITS.traysPerM2)
  traysPerM2?: number;
  @ApiPropertyOptional() @MayBeOmitted() @IsInt() @Min(0) @Max(INPUT_LIMITS.things) benches?: number;
  @ApiPropertyOptional({ description: 'Trays held at once (germination room; or overrides area × density)' })
  @MayBeOmitted()
  @IsInt()
  @Min(0)
  @Max(INPUT_LIMITS.trayCapacity)
  trayCapacity?: number;
}
