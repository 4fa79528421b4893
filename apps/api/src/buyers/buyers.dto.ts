import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, IsUUID, Length, Matches } from 'class-validator';
import { BUYER_KINDS, type BuyerKind } from './buyer.entity.js';

export class CreateBuyerDto {
  @ApiProperty() @IsString() @Length(1, 100) name!: string;
  @ApiProperty() @IsString() @Length(1, 100) village!: string;
  @ApiPropertyOptional() @IsOptional() @Matches(/^[0-9+-]{5,20}$/) phone?: string;
  @ApiProperty({ enum: BUYER_KINDS }) @IsIn(BUYER_KINDS) kind!: BuyerKind;
  @ApiPropertyOptional({ description: 'The buyer-role user account, when they have one' })
  @IsOptional()
  @IsUUID()
  userId?: string;
}

export class UpdateBuyerDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 100) name?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 100) village?: string;
  @ApiPropertyOptional() @IsOptional() @Matches(/^[0-9+-]{5,20}$/) phone?: string;
  @ApiPropertyOptional({ enum: BUYER_KINDS }) @IsOptional() @IsIn(BUYER_KINDS) kind?: BuyerKind;
  @ApiPropertyOptional() @IsOptional() @IsUUID() userId?: string;
}

export class ListBuyersQuery {
  @ApiPropertyOptional() @IsOptional() @IsString() village?: string;
}
