/**
 * What to do about the error codes users meet most, from WeCom's 全局错误码 page (doc 90313); the
 * meaning is the official one, the advice is ours. Everything else gets no hint: the errmsg and
 * WeCom's own lookup (https://open.work.weixin.qq.com/devtool/query?e=<errcode>) say more than we could.
 */
export const WECOM_API_ERROR_HINTS: Readonly<Record<number, string>> = {
  [-1]: '系统繁忙 (WeCom is busy, or the request did not complete): try again later, at most a few times.',
  40001:
    '不合法的secret参数 / invalid credential: on gettoken the secret is wrong (copy it again from 应用管理 › (app) › Secret, ' +
    'and use the secret of this app and this corp); on any other call the access token is not valid any more (refreshed and retried once).',
  40014: '不合法的access_token: the token was refreshed elsewhere or revoked (refreshed and retried once); if it persists, check that corpId and secret belong together.',
  42001: 'access_token已过期: the token expired (refreshed and retried once); if it persists, check that the clocks and the token store are sane.',
  42009: 'suite_access_token已过期: the suite token expired (refreshed and retried once).',
  40082: '不合法的suite_token: the suite_access_token is not valid (refreshed and retried once).',
  40085: '不合法的suite_ticket: the stored suite_ticket is missing or expired; WeCom pushes a new one every 10 minutes to the suite\'s 指令回调 URL.',
  40084: '不合法的permanent_code: the authorised corp cancelled or reset the authorisation; exchange a new AuthCode.',
  45009:
    '接口调用超过限制 (rate limit): this API, or gettoken, was called too often. Tokens are cached and shared (use RedisTokenStore across replicas); ' +
    'slow the caller down and retry later, not at once.',
  45033: '接口并发调用超过限制 (too many concurrent calls): limit how many calls to this API run at once, and retry later.',
  48002:
    'API接口无权限调用: the app may not call this API. Grant it in the admin console (e.g. 通讯录 API access, 客户联系 › API, or the app\'s 可调用接口的应用), ' +
    'or use the secret of an app that has the permission.',
  60020:
    '访问ip不在白名单之中 (IP not allowed): add this server\'s outgoing IP to the app\'s 企业可信IP (应用管理 › (app) › 企业可信IP), ' +
    'or for a suite to the provider\'s IP whitelist (服务商管理后台 › 应用 › IP白名单). Retrying does not help.',
  81013: 'UserID、部门ID、标签ID全部非法或无权限: every recipient is unknown or outside the app\'s visible range (可见范围); check touser/toparty/totag.',
  86001: '参数 chatid 不合法: the chatid does not exist or was not created by this app (appchat/create); group chats made in the client cannot be used.',
};

/** The hint for an errcode, or undefined. */
export function hintFor(errcode: number): string | undefined {
  return WECOM_API_ERROR_HINTS[errcode];
}
