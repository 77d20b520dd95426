import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { RequestActivity } from '../../server/src/lsp/requestActivity';

// Background slices give way to the server's requests (issue 24: a restart's first key completion
// waited behind the slices of the bibliography's full-text look-ups). Order only, never durations.

const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('RequestActivity', () => {
  test('with no request being answered, background work goes on', async () => {
    const activity = new RequestActivity();
    await activity.giveWay();
  });

  test('a slice waits until the request being answered has settled and its response had its turn', async () => {
    // No hold limit to reach, however slow the machine: the order alone is tested.
    const activity = new RequestActivity(600_000);
    const order: string[] = [];
    let settle!: (value: string) => void;
    const answer = activity.track(() => new Promise<string>((resolve) => (settle = resolve)));
    const slice = activity.giveWay().then(() => order.push('slice'));
    for (let i = 0; i < 10; i++) await turn();
    assert.equal(order.length, 0, 'the slice waited for the request');
    settle('answer');
    // vscode-jsonrpc writes the response in the turn after the handler settled.
    void answer.then(() => setImmediate(() => order.push('response written')));
    await slice;
    assert.deepEqual(order, ['response written', 'slice']);
  });

  test('a request that throws is no longer counted', async () => {
    const activity = new RequestActivity();
    assert.throws(() => activity.track(() => { throw new Error('bad request'); }), /bad request/);
    const rejected = activity.track(() => Promise.reject(new Error('failed')));
    await assert.rejects(rejected, /failed/);
    await activity.giveWay();
  });

  test('a synchronous answer is counted until its turn has passed', async () => {
    const activity = new RequestActivity();
    assert.equal(activity.track(() => 42), 42);
    await activity.giveWay();
  });

  test('a request that never settles does not stop background work for good', async () => {
    const activity = new RequestActivity();
    void activity.track(() => new Promise<never>(() => undefined));
    await activity.giveWay();
  });
});
