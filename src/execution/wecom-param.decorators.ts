import type { PipeTransform, Type } from '@nestjs/common';
import { WECOM_ARGS_METADATA } from './wecom-args-metadata.js';
import { WeComParamtype } from './wecom-paramtype.js';

type WeComPipe = Type<PipeTransform> | PipeTransform;

interface ParamMetadata {
  index: number;
  data?: string;
  pipes: WeComPipe[];
}

/**
 * Stores `{ index, data, pipes }` under `<paramtype>:<index>`, the shape ExternalContextCreator reads.
 * Written here because Nest 12 keeps its `assignMetadata` internal.
 */
function weComParam(paramtype: WeComParamtype, data: string | undefined, pipes: WeComPipe[]): ParameterDecorator {
  return (target, key, index) => {
    if (key === undefined) throw new TypeError('WeCom parameter decorators apply to method parameters only.');
    const previous: Record<string, ParamMetadata> = Reflect.getMetadata(WECOM_ARGS_METADATA, target.constructor, key) ?? {};
    const next = { ...previous, [`${paramtype}:${index}`]: { index, data, pipes } };
    Reflect.defineMetadata(WECOM_ARGS_METADATA, next, target.constructor, key);
  };
}

/**
 * The callback's payload, or one of its fields: `@WeComPayload('Content', TrimPipe) content: string`.
 * Pipes given here (and `@UsePipes`) run on the extracted value.
 */
export function WeComPayload(...pipes: WeComPipe[]): ParameterDecorator;
export function WeComPayload(field: string, ...pipes: WeComPipe[]): ParameterDecorator;
export function WeComPayload(fieldOrPipe?: string | WeComPipe, ...pipes: WeComPipe[]): ParameterDecorator {
  if (typeof fieldOrPipe === 'string') return weComParam(WeComParamtype.Payload, fieldOrPipe, pipes);
  return weComParam(WeComParamtype.Payload, undefined, fieldOrPipe === undefined ? pipes : [fieldOrPipe, ...pipes]);
}

/** The callback's WeComContext (app, corpId, agentId, rawXml, receiveId, timestamp, nonce, signature). */
export function WeComCtx(...pipes: WeComPipe[]): ParameterDecorator {
  return weComParam(WeComParamtype.Context, undefined, pipes);
}

/** The name of the app the callback came to (`'default'` in the single-app form). */
export function WeComApp(...pipes: WeComPipe[]): ParameterDecorator {
  return weComParam(WeComParamtype.App, undefined, pipes);
}
