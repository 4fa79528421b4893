import { Module } from '@nestjs/common';
import { LiveGateway } from './live.gateway.js';

/** Socket.IO on the api's HTTP server: authenticated, room-scoped, throttled pushes. */
@Module({ providers: [LiveGateway] })
export class LiveModule {}
