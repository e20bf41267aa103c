import { Controller, HttpCode, Module, Post, Req } from '@nestjs/common';
import type { IncomingMessage } from 'node:http';
import { listenNest } from './listen-nest.js';
import { readRequestBody } from './read-request-body.js';

// floor-nest: the framework's floor. One POST route that reads the raw body and answers empty.
@Controller()
class FloorController {
  @Post('/wecom/callback')
  @HttpCode(200)
  async receive(@Req() request: IncomingMessage): Promise<string> {
    await readRequestBody(request);
    return '';
  }
}

@Module({ controllers: [FloorController] })
class FloorModule {}

await listenNest(FloorModule);
