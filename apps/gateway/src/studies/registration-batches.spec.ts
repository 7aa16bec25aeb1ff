import { Actor, AppError, ErrorCode, RegisterInstance } from '@app/shared';
import { RegistrationBatches } from './registration-batches';

/** A bus whose calls the test answers by hand, recording what each carried. */
class ManualBus {
  readonly calls: {
    actor: Actor;
    uids: string[];
    answer: (results: unknown) => void;
    fail: (e: unknown) => void;
  }[] = [];
  call(actor: Actor, items: RegisterInstance[]) {
    return new Promise((resolve, reject) =>
      this.calls.push({
        actor,
        uids: items.map((i) => i.header.sopInstanceUid),
        answer: (results) => resolve({ results }),
        fail: reject,
      }),
    );
  }
}

const actor = (id: string): Actor =>
  ({
    kind: 'user',
    id,
    roles: ['clinician'],
    institutionId: 'i',
    communityId: 'c',
  }) as unknown as Actor;
const item = (sop: string) =>
  ({ header: { sopInstanceUid: sop }, blob: { key: sop } }) as unknown as RegisterInstance;
const ok = (sop: string) => ({
  ok: true,
  instance: {
    studyId: 's',
    seriesId: 'x',
    instanceId: sop,
    sopInstanceUid: sop,
    created: true,
    duplicateBlobKey: null,
  },
});
const tick = () => new Promise((r) => setImmediate(r));

describe('RegistrationBatches', () => {
  let bus: ManualBus;
  let batcher: RegistrationBatches;
  beforeEach(() => {
    bus = new ManualBus();
    batcher = new RegistrationBatches((a, items) => bus.call(a, items) as never);
  });

  it('sends a lone registration at once, and batches what arrives while it is in flight', async () => {
    const first = batcher.register(actor('u1'), item('1'));
    expect(bus.calls.map((c) => c.uids)).toEqual([['1']]);
    const later = ['2', '3', '4'].map((sop) => batcher.register(actor('u1'), item(sop)));
    expect(bus.calls).toHaveLength(1); // nothing more until the first answers
    bus.calls[0].answer([ok('1')]);
    await expect(first).resolves.toMatchObject({ instanceId: '1' });
    await tick();
    expect(bus.calls.map((c) => c.uids)).toEqual([['1'], ['2', '3', '4']]);
    bus.calls[1].answer([
      ok('2'),
      { ok: false, code: ErrorCode.CONFLICT, message: 'taken' },
      ok('4'),
    ]);
    const [two, three, four] = await Promise.allSettled(later);
    expect(two).toMatchObject({ status: 'fulfilled', value: { instanceId: '2' } });
    expect(three.status).toBe('rejected');
    expect((three as PromiseRejectedResult).reason).toBeInstanceOf(AppError);
    expect((three as PromiseRejectedResult).reason.code).toBe(ErrorCode.CONFLICT);
    expect(four).toMatchObject({ status: 'fulfilled', value: { instanceId: '4' } });
  });

  it('keeps actors apart: each batch travels under its own actor', async () => {
    void batcher.register(actor('u1'), item('a'));
    void batcher.register(actor('u2'), item('b'));
    expect(bus.calls.map((c) => [c.actor.id, c.uids])).toEqual([
      ['u1', ['a']],
      ['u2', ['b']],
    ]);
  });

  it('fails every item of a batch whose call failed, and goes on with the next', async () => {
    const first = batcher.register(actor('u1'), item('1'));
    const second = batcher.register(actor('u1'), item('2'));
    bus.calls[0].fail(new Error('bus down'));
    await expect(first).rejects.toThrow('bus down');
    await tick();
    bus.calls[1].fail(new Error('still down'));
    await expect(second).rejects.toThrow('still down');
  });

  it('caps a batch at 100 items', async () => {
    void batcher.register(actor('u1'), item('first'));
    const many = Array.from({ length: 150 }, (_, i) => batcher.register(actor('u1'), item(`${i}`)));
    bus.calls[0].answer([ok('first')]);
    await tick();
    expect(bus.calls[1].uids).toHaveLength(100);
    bus.calls[1].answer(bus.calls[1].uids.map(ok));
    await tick();
    expect(bus.calls[2].uids).toHaveLength(50);
    bus.calls[2].answer(bus.calls[2].uids.map(ok));
    await expect(Promise.all(many)).resolves.toHaveLength(150);
  });
});
