/** What each WeCom parameter decorator extracts; numeric, as Nest's params factories expect. */
export enum WeComParamtype {
  Payload = 0,
  Context = 1,
  App = 2,
}
