import type { CallbackEndpoint } from '../families/callback-endpoint.js';
import { SIMULATOR_REQUEST_HEADER } from '../wecom.constants.js';
import type { AnswerWriter } from './answer-writer.js';
import type { WeComCallbackProcessor } from './callback.processor.js';
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
  return {
    path,
    get: (request, response) => write(response, processor.verifyUrl(endpoint, urlOf(request))),
    post: async (request, response) => {
      let body: Buffer;
      try {
        body = await readRawBody(request, endpoint.app);
      } catch (error) {
        return write(response, processor.refuseBody(endpoint, error));
      }
      const simulator = request.headers[SIMULATOR_REQUEST_HEADER] !== undefined;
      return write(response, await processor.receive(endpoint, urlOf(request), body, simulator));
    },
  };
}

