import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ATTACK_BUDGET, expectWithinBudget, startAttackServer, underAttack, type AttackServer } from '../fixtures/attack';

let server: AttackServer;
beforeAll(async () => {
  server = await startAttackServer();
});
afterAll(() => server.stop());

describe('the attack harness', () => {
  it('measures a quiet server: the victim keeps up, memory stays flat', async () => {
    const outcome = await underAttack(server, () => new Promise((resolve) => setTimeout(resolve, 1000)));
    expectWithinBudget(outcome);
    expect(outcome.victim.count).toBeGreaterThan(15);
    expect(outcome.victim.p50).toBeLessThan(ATTACK_BUDGET.victimP99Ms);
  });

  it('notices a server that stalls: a blocked event loop shows in the victim round trip', async () => {
    // A stand-in for an attack that works: stop the server process for 600 ms (SIGSTOP), as a blocked loop would.
    const outcome = await underAttack(server, async () => {
      process.kill(server.pid, 'SIGSTOP');
      await new Promise((resolve) => setTimeout(resolve, 600));
      process.kill(server.pid, 'SIGCONT');
    });
    expect(outcome.alive).toBe(true);
    expect(outcome.victim.p99).toBeGreaterThan(ATTACK_BUDGET.victimP99Ms);
  });
});
