/** One corp's authorisation of a suite, from `service/get_permanent_code` (PROTOCOL.md §7.4). */
export interface AuthorisedCorp {
  readonly suiteId: string;
  readonly authCorpId: string;
  /** A secret: it lets anyone holding it act for the corp. Keep the store as private as the suite secret. */
  readonly permanentCode: string;
  /** The suite's AgentId inside that corp (auth_info.agent[0].agentid): message/send needs it. */
  readonly agentId?: string;
  readonly corpName?: string;
  /** When it was stored, epoch ms. */
  readonly authorisedAt: number;
}

/**
 * Where permanent codes are kept; they do not expire. With several replicas use a shared store
 * (RedisPermanentCodeStore), or your own over your tenant database.
 */
export interface PermanentCodeStore {
  save(corp: AuthorisedCorp): Promise<void>;
  get(suiteId: string, authCorpId: string): Promise<AuthorisedCorp | undefined>;
  delete(suiteId: string, authCorpId: string): Promise<void>;
  close?(): Promise<void>;
}
