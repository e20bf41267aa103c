import { ROUTE_ARGS_METADATA } from '@nestjs/common/constants.js';

/**
 * Where WeCom parameter decorators store their metadata: Nest's own route-arguments key, as
 * @nestjs/graphql does, so that custom decorators made with `createParamDecorator` work in WeCom
 * handlers too (their factory gets an ExecutionContext of type 'wecom').
 */
export const WECOM_ARGS_METADATA = ROUTE_ARGS_METADATA;
