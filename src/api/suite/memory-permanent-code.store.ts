import type { AuthorisedCorp, PermanentCodeStore } from './permanent-code.store.js';

/** The default: one process, lost on restart. Fine for trying things; use a shared store in production. */
export class MemoryPermanentCodeStore implements PermanentCodeStore {
  private readonly corps = new Map<string, AuthorisedCorp>();

  async save(corp: AuthorisedCorp): Promise<void> {
    this.corps.set(`${corp.suiteId}\u0000${corp.authCorpId}`, corp);
  }

  async get(suiteId: string, authCorpId: string): Promise<AuthorisedCorp | undefined> {
    return this.corps.get(`${suiteId}\u0000${authCorpId}`);
  }

  async delete(suiteId: string, authCorpId: string): Promise<void> {
    this.corps.delete(`${suiteId}\u0000${authCorpId}`);
  }
}
