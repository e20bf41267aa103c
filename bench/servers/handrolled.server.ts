import { BadRequestException, Controller, Header, HttpCode, Module, Post, Query, Req } from '@nestjs/common';
import type { IncomingMessage } from 'node:http';
import { BENCH_APP } from '../support/bench-settings.mjs';
import { HandrolledCallback, HandrolledError } from '../baselines/handrolled-callback.js';
import { listenNest } from './listen-nest.js';
import { readRequestBody } from './read-request-body.js';

// handrolled: the same Nest app shape as floor-nest, with the callback handled by hand.
const callback = new HandrolledCallback(BENCH_APP);

@Controller()
class HandrolledController {
  private readonly callback = callback;

  @Post('/wecom/callback')
  @HttpCode(200)
  @Header('Content-Type', 'application/xml; charset=utf-8')
  async receive(@Req() request: IncomingMessage, @Query() query: Record<string, string>): Promise<string> {
    const body = await readRequestBody(request);
    try {
      return await this.callback.handle(query, body.toString('utf8'));
    } catch (error) {
      if (error instanceof HandrolledError) throw new BadRequestException(error.message);
      throw error;
    }
  }
}

@Module({ controllers: [HandrolledController] })
class HandrolledModule {}

await listenNest(HandrolledModule, () => ({ handled: callback.handled }));
