import { useTestBot } from '../../support/bot';
import { events } from '../../support/webhook';
import type { Feature } from '../../../src/features/feature';
import { helpFeature } from '../../../src/features/help/help.handlers';
import { defineFlow, DONE } from '../../../src/conversation/flow';
import { flowAnswer, flowAnswerValue } from '../../../src/conversation/engine';
import { SessionModel } from '../../../src/conversation/session.model';
import { clock } from '../../../src/shared/clock';

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

const petFeature: Feature = {
  name: 'pet',
  register({ router, engine }) {
    engine.register(petFlow);
    router.command(['pet'], (ctx) => ctx.conversation.start('test.pet'));
  },
};

const bot = useTestBot({ features: [petFeature, helpFeature] });
const U = 'U_flow';
beforeEach(() => {
  done.length = 0;
  flowVersion = 1;
});

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
