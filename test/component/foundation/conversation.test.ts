import { useTestBot } from '../../support/bot';
import { events } from '../../support/webhook';
import type { Feature } from '../../../src/features/feature';
import { helpFeature } from '../../../src/features/help/help.handlers';
import { defineFlow, DONE } from '../../../src/conversation/flow';
import { flowAnswer, flowAnswerValue, SWEEP_GRACE_MS } from '../../../src/conversation/engine';
import { SessionModel } from '../../../src/conversation/session.model';
import { WebhookEventModel } from '../../../src/line/webhook-event.model';
import { clock } from '../../../src/shared/clock';
import { conflict, userInput } from '../../../src/shared/errors';
import { setEncryptionKeys } from '../../../src/shared/crypto';
import { reencryptSessions } from '../../../src/conversation/session-answers';
import { oneQuestionFlow, type OneAnswer } from './one-question-flow';

interface PetAnswers {
  kind?: string;
  name?: string;
  photos?: string[];
}

const done: PetAnswers[] = [];
let flowVersion = 1;

/** A two-step test flow: pick a kind by quick reply, type a name; photos are kept at any step. */
const petFlow = defineFlow<PetAnswers>({
  id: 'test.pet',
  get version() {
    return flowVersion;
  },
  titleKey: 'conversation.untitled',
  firstStep: () => 'kind',
  steps: {
    kind: {
      prompt: () => [{ type: 'text', text: 'kind?', quickReply: { items: [{ type: 'action', action: { type: 'postback', label: 'cat', data: flowAnswer('test.pet', 'kind', 'cat') } }] } }],
      parse: (input, answers) => {
        const value = flowAnswerValue(input, 'kind');
        return value ? { ok: true, answers: { ...answers, kind: value } } : { ok: false, reasonKey: 'common.errors.staleButton' };
      },
    },
    name: {
      prompt: () => [{ type: 'text', text: 'name?' }],
      parse: (input, answers) =>
        input.kind === 'text' && input.text.length >= 2 ? { ok: true, answers: { ...answers, name: input.text } } : { ok: false, reasonKey: 'common.errors.notFound' },
      next: () => DONE,
    },
  },
  async absorb(input, answers) {
    if (input.kind !== 'image') return undefined;
    return { answers: { ...answers, photos: [...(answers.photos ?? []), input.messageId] }, messages: [{ type: 'text', text: 'photo kept' }] };
  },
  async onDone(ctx, answers) {
    done.push(answers);
    ctx.reply({ type: 'text', text: `saved ${answers.name}` });
  },
});

interface SecretAnswers {
  story?: string;
  pin?: string;
}

const secretsDone: SecretAnswers[] = [];
const secretsAbandoned: SecretAnswers[] = [];

/** A confidential flow: a story, then a PIN; nothing of either may be stored in plain. */
const secretFlow = defineFlow<SecretAnswers>({
  id: 'test.secret',
  version: 1,
  confidential: true,
  titleKey: 'conversation.untitled',
  firstStep: () => 'story',
  steps: {
    story: {
      prompt: () => [{ type: 'text', text: 'story?' }],
      parse: (input, answers) => (input.kind === 'text' ? { ok: true, answers: { ...answers, story: input.text } } : { ok: false, reasonKey: 'common.errors.notFound' }),
    },
    pin: {
      prompt: () => [{ type: 'text', text: 'pin?' }],
      parse: (input, answers) => (input.kind === 'text' ? { ok: true, answers: { ...answers, pin: input.text } } : { ok: false, reasonKey: 'common.errors.notFound' }),
      next: () => DONE,
    },
  },
  async onDone(ctx, answers) {
    secretsDone.push(answers);
    ctx.reply({ type: 'text', text: 'reported' });
  },
  async onAbandon(answers) {
    secretsAbandoned.push(answers);
  },
});

const refusalsAbandoned: OneAnswer[] = [];

/**
 * One question whose answer the service judges at the end: "late" is refused for good (the
 * case moved on meanwhile), "x" is refused as a typo the user can fix, anything else is kept.
 */
const reopenFlow = oneQuestionFlow(
  'test.reopen',
  'why reopen?',
  (ctx, reason) => {
    if (reason === 'late') throw conflict('common.errors.forbidden');
    if (reason === 'x') throw userInput('common.errors.notFound');
    ctx.reply({ type: 'text', text: 'reopened' });
  },
  { onAbandon: async (answers) => void refusalsAbandoned.push(answers) },
);

const petFeature: Feature = {
  name: 'pet',
  register({ router, engine }) {
    engine.register(petFlow);
    engine.register(secretFlow);
    engine.register(reopenFlow);
    router.command(['reopen'], (ctx) => ctx.conversation.start('test.reopen'));
    router.command(['pet'], (ctx) => ctx.conversation.start('test.pet'));
    router.command(['secret'], (ctx) => ctx.conversation.start('test.secret', { story: 'seeded at start' }));
  },
};

const bot = useTestBot({ features: [petFeature, helpFeature] });
const U = 'U_flow';
beforeEach(() => {
  done.length = 0;
  secretsDone.length = 0;
  secretsAbandoned.length = 0;
  refusalsAbandoned.length = 0;
  flowVersion = 1;
});

/** The session documents exactly as the database holds them, without mongoose in between. */
const rawSessions = () => SessionModel.collection.find({}).toArray();

describe('conversation engine', () => {
  it('when the user answers every step, then onDone runs once and the session is gone', async () => {
    await bot.send(events.text('pet', { userId: U }));
    await bot.send(events.postback(flowAnswer('test.pet', 'kind', 'cat'), { userId: U }));
    await bot.send(events.text('Tom', { userId: U }));
    expect(bot.textsTo(U)).toEqual(['kind?', 'name?', 'saved Tom']);
    expect(done).toEqual([{ kind: 'cat', name: 'Tom' }]);
    expect(await SessionModel.countDocuments()).toBe(0);
  });

  it('when the input does not fit the step, then the reason and the same question come back', async () => {
    await bot.send(events.text('pet', { userId: U }), events.sticker({ userId: U }));
    expect(bot.textsTo(U)).toEqual(['kind?', 'ปุ่มนี้หมดอายุแล้ว กรุณาเริ่มใหม่จากเมนู', 'kind?']);
  });

  it('when a photo arrives at any step, then it is kept and the flow goes on', async () => {
    await bot.send(events.text('pet', { userId: U }), events.image('m1', { userId: U }));
    await bot.send(events.postback(flowAnswer('test.pet', 'kind', 'cat'), { userId: U }), events.text('Tom', { userId: U }));
    expect(done[0].photos).toEqual(['m1']);
  });

  it('when the state is stored, then it is plain JSON that survives a round trip', async () => {
    await bot.send(events.text('pet', { userId: U }), events.postback(flowAnswer('test.pet', 'kind', 'cat'), { userId: U }));
    const session = await SessionModel.findOne({ userId: U }).lean();
    expect(JSON.parse(JSON.stringify(session?.answers))).toEqual({ kind: 'cat' });
    expect(session?.stepId).toBe('name');
  });

  it('when the user types cancel at any step, then the flow ends with a confirmation', async () => {
    await bot.send(events.text('pet', { userId: U }), events.text('ยกเลิก', { userId: U }));
    expect(bot.textsTo(U)[1]).toBe('ยกเลิกรายการแล้ว');
    expect(await SessionModel.countDocuments()).toBe(0);
    await bot.send(events.text('cancel', { userId: U }));
    expect(bot.textsTo(U)[2]).toBe('ขณะนี้ไม่มีรายการที่ต้องยกเลิก');
  });

  it('when the user is idle for more than 30 minutes, then the next message is told the flow expired', async () => {
    clock.freeze('2026-11-21T03:00:00Z');
    await bot.send(events.text('pet', { userId: U }));
    clock.advance(31 * 60_000);
    await bot.send(events.text('Tom', { userId: U }));
    const texts = bot.textsTo(U);
    expect(texts[1]).toContain('หมดเวลาแล้ว');
    expect(texts[2]).toContain('ระบบไม่เข้าใจข้อความนี้');
    expect(done).toHaveLength(0);
  });

  it('when the flow changed version, then a user in the old version is restarted politely', async () => {
    await bot.send(events.text('pet', { userId: U }));
    flowVersion = 2;
    await bot.send(events.postback(flowAnswer('test.pet', 'kind', 'cat'), { userId: U }));
    expect(bot.textsTo(U)[1]).toContain('มีการปรับปรุง');
    expect(await SessionModel.countDocuments()).toBe(0);
  });

  it('when a command is typed during a flow, then the command runs and the flow stays where it was', async () => {
    await bot.send(events.text('pet', { userId: U }), events.text('ช่วยเหลือ', { userId: U }));
    expect(bot.textsTo(U)[1]).toContain('ท่านต้องการใช้บริการใด');
    expect((await SessionModel.findOne({ userId: U }).lean())?.stepId).toBe('kind');
  });

  it('when a button of a finished flow is pressed, then the user is told the question has ended', async () => {
    await bot.send(events.postback(flowAnswer('test.pet', 'kind', 'cat'), { userId: U }));
    expect(bot.textsTo(U)).toEqual(['คำถามนี้สิ้นสุดแล้ว กรุณาเริ่มใหม่จากเมนู']);
  });
});

describe('refusals at the end of a dialog', () => {
  it('when the service refuses for good at the end, then the user is told once, the dialog ends and the next message is answered afresh', async () => {
    await bot.send(events.text('reopen', { userId: U }), events.text('late', { userId: U }));
    expect(bot.textsTo(U)).toEqual(['why reopen?', 'ขออภัย ท่านไม่มีสิทธิ์ทำรายการนี้']);
    expect(await SessionModel.countDocuments()).toBe(0);
    expect(refusalsAbandoned).toEqual([{ answer: 'late' }]);

    await bot.send(events.text('late', { userId: U }));
    expect(bot.textsTo(U)[2]).toContain('ระบบไม่เข้าใจข้อความนี้');
  });

  it('when the service refuses an answer the user can correct, then the user stays on the question and may answer again', async () => {
    await bot.send(events.text('reopen', { userId: U }), events.text('x', { userId: U }));
    expect(bot.textsTo(U)).toEqual(['why reopen?', 'ไม่พบข้อมูลที่ต้องการ']);
    expect((await SessionModel.findOne({ userId: U }).lean())?.stepId).toBe('answer');

    await bot.send(events.text('ไฟยังดับอยู่', { userId: U }));
    expect(bot.textsTo(U)[2]).toBe('reopened');
    expect(refusalsAbandoned).toEqual([]);
  });
});

describe('confidential conversations', () => {
  const STORY = 'ปลัดเรียกรับเงินใต้โต๊ะ 5,000 บาท';

  it('when a confidential flow stores its answers, then no answer is in the database in plain, and the flow still gets them', async () => {
    await bot.send(events.text('secret', { userId: U }));
    const started = await rawSessions();
    expect(JSON.stringify(started)).not.toContain('seeded at start');

    await bot.send(events.text(STORY, { userId: U }));
    const [stored] = await rawSessions();
    expect(stored).toMatchObject({ userId: U, flowId: 'test.secret', stepId: 'pin', sealed: { v: 'v1' } });
    expect(stored.answers).toBeUndefined();
    expect(JSON.stringify(stored)).not.toContain(STORY);

    await bot.send(events.text('482913', { userId: U }));
    expect(secretsDone).toEqual([{ story: STORY, pin: '482913' }]);
    expect(await rawSessions()).toEqual([]);
  });

  it('when sealed answers are copied onto another user, then they do not open there and that conversation ends politely', async () => {
    await bot.send(events.text('secret', { userId: U }), events.text(STORY, { userId: U }));
    const [{ _id: _original, ...stored }] = await rawSessions();
    await SessionModel.collection.insertOne({ ...stored, userId: 'U_thief' });
    await bot.send(events.text('482913', { userId: 'U_thief' }));
    expect(bot.textsTo('U_thief')[0]).toContain('มีการปรับปรุง');
    expect(secretsDone).toEqual([]);
    expect(await SessionModel.countDocuments({ userId: 'U_thief' })).toBe(0);
  });

  it('when the data key is rotated, then an open confidential dialog is re-sealed under the new key and goes on once the old key is gone', async () => {
    await bot.send(events.text('secret', { userId: U }), events.text(STORY, { userId: U }));
    const v1 = bot.config.encryptionKeys.current;
    const v2 = { version: 'v2', key: Buffer.alloc(32, 7) };
    try {
      setEncryptionKeys({ current: v2, previous: [v1] });
      expect(await reencryptSessions()).toBe(1);
      expect(await reencryptSessions()).toBe(0);
      expect((await rawSessions())[0].sealed).toMatchObject({ v: 'v2' });

      setEncryptionKeys({ current: v2, previous: [] });
      await bot.send(events.text('482913', { userId: U }));
      expect(secretsDone).toEqual([{ story: STORY, pin: '482913' }]);
    } finally {
      setEncryptionKeys(bot.config.encryptionKeys);
    }
  });

  describe('during a rolling key rotation', () => {
    const v2 = { version: 'v2', key: Buffer.alloc(32, 7) };
    /** An instance restarted with the new key as current; one not restarted yet knows only v1. */
    const asUpgradedInstance = () => setEncryptionKeys({ current: v2, previous: [bot.config.encryptionKeys.current] });
    const asOldInstance = () => setEncryptionKeys({ current: bot.config.encryptionKeys.current, previous: [] });
    afterEach(() => setEncryptionKeys(bot.config.encryptionKeys));

    it('when a confidential dialog was sealed with a key this instance does not have, then the session is left untouched and the answer waits until the key is here', async () => {
      clock.freeze('2026-11-21T03:00:00Z');
      asUpgradedInstance();
      await bot.send(events.text('secret', { userId: U }), events.text(STORY, { userId: U }));
      const before = await rawSessions();
      expect(before[0].sealed).toMatchObject({ v: 'v2' });
      bot.clearCalls();

      asOldInstance();
      await bot.send(events.text('482913', { userId: U }));
      expect(await rawSessions()).toEqual(before);
      expect(secretsAbandoned).toEqual([]);
      expect(secretsDone).toEqual([]);
      expect(bot.line.calls).toEqual([]);
      const waiting = await WebhookEventModel.findOne({ status: 'pending' }).lean();
      expect(waiting).toMatchObject({ errorKind: 'key_unavailable' });
      expect(waiting?.attempts ?? 0).toBe(0);

      asUpgradedInstance();
      clock.advance(5 * 60_000);
      await bot.drain();
      expect(secretsDone).toEqual([{ story: STORY, pin: '482913' }]);
      expect(bot.textsTo(U)).toEqual(['reported']);
    });

    it('when an expired confidential session was sealed with a key this instance does not have, then the sweep leaves it for an instance that has the key', async () => {
      clock.freeze('2026-11-21T03:00:00Z');
      asUpgradedInstance();
      await bot.send(events.text('secret', { userId: U }), events.text(STORY, { userId: U }));
      clock.advance(30 * 60_000 + SWEEP_GRACE_MS);

      asOldInstance();
      expect(await bot.runtime.engine.sweepExpired(clock.now())).toBe(0);
      expect(await rawSessions()).toHaveLength(1);
      expect(secretsAbandoned).toEqual([]);

      asUpgradedInstance();
      expect(await bot.runtime.engine.sweepExpired(clock.now())).toBe(1);
      expect(secretsAbandoned).toEqual([{ story: STORY }]);
      expect(await rawSessions()).toEqual([]);
    });
  });

  it('when a confidential session expires, then the sweep deletes it outright after cleaning up, while a plain one is kept without its answers', async () => {
    clock.freeze('2026-11-21T03:00:00Z');
    await bot.send(events.text('secret', { userId: U }), events.text(STORY, { userId: U }));
    await bot.send(events.text('pet', { userId: 'U_pet' }), events.postback(flowAnswer('test.pet', 'kind', 'cat'), { userId: 'U_pet' }));
    clock.advance(30 * 60_000 + SWEEP_GRACE_MS);

    expect(await bot.runtime.engine.sweepExpired(clock.now())).toBe(2);
    expect(secretsAbandoned).toEqual([{ story: STORY }]);
    const left = await rawSessions();
    expect(left).toHaveLength(1);
    expect(left[0]).toMatchObject({ userId: 'U_pet', answers: {} });
    expect(left[0].sweptAt).toBeInstanceOf(Date);
  });
});
