import type { CreateUserRequest, UpdateProfileRequest, UpdateUserRequest, UsersQuery } from '#contracts';
import { ApiPropertyOptional, ApiProperty } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsString, Length, Matches } from 'class-validator';
import { ROLES, type Role } from './user.entity.js';
import { MayBeOmitted } from '../common/validators.js';

export class CreateUserDto implements CreateUserRequest {
  @ApiProperty({ example: '13800000005' })
  @Matches(/^1\d{10}$/, { message: 'phone must be an 11-digit mobile number starting with 1' })
  phone!: string;

  @ApiProperty() @IsString() @Length(1, 100) name!: string;

  @ApiProperty({ enum: ROLES }) @IsIn(ROLES) role!: Role;

  @ApiPropertyOptional() @MayBeOmitted() @IsString() @Length(1, 100) village?: string;

  /** Omit to have the server generate one (answered once). */
  @ApiPropertyOptional() @MayBeOmitted() @IsString() @Length(8, 200) password?: string;
}

export class UpdateUserDto implements UpdateUserRequest {
  @ApiPropertyOptional() @MayBeOmitted() @IsString() @Length(1, 100) name?: string;
  @ApiPropertyOptional() @MayBeOmitted() @IsString() @Length(1, 100) village?: string;
  @ApiPropertyOptional({ enum: ROLES }) @MayBeOmitted() @IsIn(ROLES) role?: Role;
  @ApiPropertyOptional() @MayBeOmitted() @IsBoolean() disabled?: boolean;
}

export class UpdateProfileDto implements UpdateProfileRequest {
  @ApiPropertyOptional() @MayBeOmitted() @IsString() @Length(1, 100) name?: string;
  @ApiPropertyOptional() @MayBeOmitted() @IsString() @Length(1, 100) village?: string;
  @ApiPropertyOptional({ enum: ['zh-CN', 'en'] }) @MayBeOmitted() @IsIn(['zh-CN', 'en']) locale?: string;
  @ApiPropertyOptional() @MayBeOmitted() @IsString() @Length(1, 200) currentPassword?: string;
  @ApiPropertyOptional() @MayBeOmitted() @IsString() @Length(8, 200) newPassword?: string;
}

export class ListUsersQuery implements UsersQuery {
  @ApiPropertyOptional({ enum: ROLES }) @MayBeOmitted() @IsIn(ROLES) role?: Role;
}
