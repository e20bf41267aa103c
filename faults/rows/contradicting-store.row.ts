import { attempt, msgIds, textCallback } from '../support/wecom-sender.js';
import { Lab, type FaultRow, type Scale } from '../support/fault-row.js';

const WAIT_MS = { full: 12_000, quick: 6000 } satisfies Record<Scale, number>;

/**
 * A custom store whose conditional write always says "taken" while its read says "absent" (a buggy
 * or eventually consistent backend). The executor must not spin on it: it answers by the ack deadline
 * with a bounded number of store calls.
 */
export const contradictingStore: FaultRow = {
  id: 'contradicting-store',
  fault: 'a store whose conditional write says "taken" while its read says "absent"',
  issue: 'claimOrJoin spins with no deadline: 10,572 store calls in 12 s and no answer',
  run: (scale) =>
    Lab.run(async (lab) => {
      const app = await lab.app({ store: { kind: 'liar' }, handlerMs: 10 });
      const [id] = msgIds(1);
      const answer = await attempt(app.url, textCallback(id), WAIT_MS[scale]);
      const calls = await app.storeCalls();
      const answered = answer.status !== 'timeout' && answer.status !== 'reset';
      return {
        figures: answered
          ? `answered ${answer.status} after ${((answer.endedAt - answer.startedAt) / 1000).toFixed(1)} s, ${calls} store calls`
          : `no answer in ${WAIT_MS[scale] / 1000} s, ${calls.toLocaleString('en')} store calls`,
        numbers: { answered: answered ? 1 : 0, status: typeof answer.status === 'number' ? answer.status : 0, elapsedMs: answer.endedAt - answer.startedAt, storeCalls: calls },
      };
    }),
};
