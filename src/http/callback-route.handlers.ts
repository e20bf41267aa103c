import type { CallbackEndpoint } from '../families/callback-endpoint.js';
import { WeComProtocolError } from '../errors/wecom-protocol.error.js';
import type { AnswerWriter } from './answer-writer.js';
import type { WeComCallbackProcessor } from './callback.processor.js';
import { refusal, UNREADABLE_BODY } from './error-answers.js';
import { readRawBody, type IncomingCallbackRequest } from './raw-body.reader.js';

/** One app's GET and POST handlers, written against Node's request so that they serve Express and Fastify alike. */
export interface CallbackRouteHandlers {
  /** Where they are mounted: the app's path, behind the global prefix with `useGlobalPrefix`. */
  readonly path: string;
  readonly get: (request: IncomingCallbackRequest, response: unknown) => unknown;
  readonly post: (request: IncomingCallbackRequest, response: unknown) => unknown;
}

export function callbackRouteHandlers(
  endpoint: CallbackEndpoint,
  path: string,
  processor: WeComCallbackProcessor,
  write: AnswerWriter,
  urlOf: (request: IncomingCallbackRequest) => string,
): CallbackRouteHandlers {
  const { app } = endpoint;
  return {
    path,
    get: (request, response) => write(response, processor.verifyUrl(endpoint, urlOf(request))),
    post: async (request, response) => {
      let body: Buffer;
      try {
        body = await readRawBody(request, app.bodyLimit);
      } catch (error) {
        return write(response, error instanceof WeComProtocolError ? refusal(error) : UNREADABLE_BODY);
      }
      return write(response, await processor.receive(endpoint, urlOf(request), body));
    },
  };
}
