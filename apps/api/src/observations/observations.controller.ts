import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { ObservationResponse, PhotoResponse } from '#contracts';
import type { Request, Response } from 'express';
import type { AuthUser } from '../auth/auth-user.js';
import { CurrentUser, Roles } from '../auth/roles.decorator.js';
import { CreateObservationDto, ObservationsQueryDto } from './observations.dto.js';
import { ObservationsService } from './observations.service.js';

/**
 * The adviser writes observations and recommendations with photos; technicians and the manager
 * read them and mark them done (docs/roles.md). Photos go only to signed-in staff.
 */
@ApiTags('observations')
@ApiBearerAuth()
@Controller()
export class ObservationsController {
  constructor(private readonly observations: ObservationsService) {}

  /** The body is the photo's bytes with its own content type, not JSON (the page shrinks it first). */
  @Post('photos')
  @Roles('adviser')
  addPhoto(@Req() request: Request, @CurrentUser() me: AuthUser): Promise<PhotoResponse> {
    return this.observations.addPhoto(request.headers['content-type'], request, me);
  }

  @Get('photos/:id')
  @Roles('manager', 'technician', 'adviser')
  async photo(@Param('id', ParseUUIDPipe) id: string, @Res() response: Response): Promise<void> {
    const { file, contentType } = await this.observations.photoFile(id);
    response.setHeader('Content-Type', contentType);
    // A photo never changes under its id; only the signed-in browser keeps it.
    response.setHeader('Cache-Control', 'private, max-age=86400, immutable');
    response.setHeader('X-Content-Type-Options', 'nosniff');
    await new Promise<void>((resolve, reject) =>
      response.sendFile(file, { dotfiles: 'deny' }, (error) => (error ? reject(error) : resolve())),
    );
  }

  @Get('observations')
  @Roles('manager', 'technician', 'adviser')
  list(@Query() query: ObservationsQueryDto): Promise<ObservationResponse[]> {
    return this.observations.list(query);
  }

  @Post('observations')
  @Roles('adviser')
  create(@Body() body: CreateObservationDto, @CurrentUser() me: AuthUser): Promise<ObservationResponse> {
    return this.observations.create(body, me);
  }

  @Post('observations/:id/done')
  @Roles('manager', 'technician')
  markDone(
    @Param('id', ParseUUIDPipe) id: string,
    @CurrentUser() me: AuthUser,
  ): Promise<ObservationResponse> {
    return this.observations.markDone(id, me);
  }
}
