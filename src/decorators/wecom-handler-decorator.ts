/**
 * The compile-time type of a WeCom method decorator that delivers payloads of type `P`: applied to a
 * method whose first parameter is *another* callback's payload, it is a type error
 * (`the first parameter must accept: ChangeContactCreateParty`). At runtime it is a plain method
 * decorator.
 *
 * Accepted first parameters: `P` or anything wider (the family's union, `Record<string, any>`,
 * `unknown`, `any`), none at all, and anything that is not a WeCom payload, because with parameter
 * decorators the first parameter may be `@WeComPayload('Content') content: string` or `@WeComCtx()`.
 *
 * Nest's `MethodDecorator` promises to work on any method, which this one deliberately does not, so
 * pass it to `applyDecorators` as `OnWeComMessage('text') as MethodDecorator`.
 */
export type WeComHandlerDecorator<P> = <T extends (...args: any[]) => unknown>(
  target: object,
  key: string | symbol,
  descriptor: TypedPropertyDescriptor<T> & PayloadCheck<FirstParameter<T>, P>,
) => void;

/** What every catalogued callback has: a `MsgType` (messages and events) or an `InfoType` (suite). */
type WeComPayloadShape = { MsgType: string } | { InfoType: string };

type FirstParameter<T> = T extends (first: infer X, ...rest: any[]) => unknown ? X : unknown;

type IsAny<X> = 0 extends 1 & X ? true : false;

/** `unknown` (no constraint) when a parameter of type X can take P; otherwise a property naming P. */
type PayloadCheck<X, P> =
  IsAny<X> extends true
    ? unknown
    : [P] extends [X]
      ? unknown
      : [X] extends [WeComPayloadShape]
        ? { readonly 'the first parameter must accept': P }
        : unknown;
