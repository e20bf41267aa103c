import { Injectable, Logger } from '@nestjs/common';
import type { ResolvedApp } from '../../apps/resolved-app.js';
import type { SuiteAuthorisationHook } from '../../families/suite/suite-authorisation.hook.js';
import { LOGGER_CONTEXT } from '../../wecom.constants.js';
import { WeComClients } from '../wecom-clients.service.js';
import type { AuthorisedCorp } from '../../api/suite/permanent-code.store.js';

interface PermanentCodeAnswer {
  permanent_code?: string;
  auth_corp_info?: { corpid?: string; corp_name?: string };
  auth_info?: { agent?: Array<{ agentid?: number | string }> };
}

/**
 * The suite side of authorisation (PROTOCOL.md §4.5, §7.4): on `create_auth` (and 代开发's
 * `reset_permanent_code`) the AuthCode is exchanged at once for the permanent code, which is stored;
 * `cancel_auth` (or `del_auth`) removes it. Runs before the suite's own handlers, so a handler of
 * `create_auth` can already use `clients.forAuthCorp(suiteApp, corpId)`.
 */
@Injectable()
export class WeComSuiteAuthorisations implements SuiteAuthorisationHook {
  private readonly logger = new Logger(LOGGER_CONTEXT);

  constructor(private readonly clients: WeComClients) {}

  /** The hook the suite family calls for every instruction callback, before the handlers. */
  async beforeHandlers(app: ResolvedApp, payload: Record<string, unknown>): Promise<void> {
    const appName = app.name;
    const suiteId = app.suiteId;
    if (!suiteId) return;
    switch (payload.InfoType) {
      case 'create_auth':
      case 'reset_permanent_code':
        await this.exchange(appName, suiteId, payload);
        return;
      case 'cancel_auth':
      case 'del_auth': {
        const corpId = payload.AuthCorpId;
        if (typeof corpId !== 'string' || corpId === '') return;
        await this.clients.permanentCodes.delete(suiteId, corpId);
        this.logger.log(`[${appName}] corp ${corpId} cancelled the authorisation of suite ${suiteId}: its permanent code is removed`);
        return;
      }
      default:
        return;
    }
  }

  /** What the store holds for a corp, or undefined. */
  get(suiteId: string, authCorpId: string): Promise<AuthorisedCorp | undefined> {
    return this.clients.permanentCodes.get(suiteId, authCorpId);
  }

  private async exchange(appName: string, suiteId: string, payload: Record<string, unknown>): Promise<void> {
    const authCode = payload.AuthCode;
    if (typeof authCode !== 'string' || authCode === '') {
      this.logger.warn(`[${appName}] ${String(payload.InfoType)} without an AuthCode: nothing to exchange`);
      return;
    }
    if (!this.clients.apiApp(appName)?.suiteSecret && !this.clients.runtime.options.tokenProvider) {
      this.logger.warn(`[${appName}] ${String(payload.InfoType)}: suite ${suiteId} has no suiteSecret, so its AuthCode (valid 10 minutes) is not exchanged for a permanent code`);
      return;
    }
    // Throws on failure: the callback is then answered 500 and WeCom retries it (PROTOCOL.md §3.2).
    const answer = await this.clients.forApp(appName).call<PermanentCodeAnswer>('service/get_permanent_code', { body: { auth_code: authCode } });
    const authCorpId = answer.auth_corp_info?.corpid;
    if (typeof answer.permanent_code !== 'string' || typeof authCorpId !== 'string') {
      throw new Error(`service/get_permanent_code answered without permanent_code or auth_corp_info.corpid`);
    }
    const agentId = answer.auth_info?.agent?.[0]?.agentid;
    await this.clients.permanentCodes.save({
      suiteId,
      authCorpId,
      permanentCode: answer.permanent_code,
      agentId: agentId === undefined ? undefined : String(agentId),
      corpName: answer.auth_corp_info?.corp_name,
      authorisedAt: Date.now(),
    });
    this.logger.log(`[${appName}] corp ${authCorpId} authorised suite ${suiteId}: permanent code stored`);
  }
}
