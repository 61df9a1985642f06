import type { Translate } from '../../src/i18n/languages';
import type { FlexMessage, QuickReplyItem, TextMessage } from '../../src/line/types';
import { excerpt } from '../../src/shared/text';
import { bubble, button, COLORS, flex, header, postbackAction, quickItem, text, vbox } from '../components';

/** A quick-reply choice: the label shown (and echoed in the chat) and its postback data. */
export interface SurveyChoice {
  label: string;
  data: string;
  /** What the chat shows after the tap (default: the label). */
  displayText?: string;
}

const QUICK_LABEL_MAX = 20;

function choiceItems(choices: SurveyChoice[]): QuickReplyItem[] {
  return choices.map((c) => quickItem(postbackAction(excerpt(c.label, QUICK_LABEL_MAX), c.data, c.displayText ?? c.label)));
}

export interface SurveyInvitationView {
  /** What is rated, already formatted: "เรื่อง C2569-00042" or "บัตรคิว A012". */
  subject: string;
  /** The department or service that served, if known. */
  servedBy?: string;
  /** Questions to tap (ratings and yes/no). */
  questionCount: number;
  /** Postback data of the start button. */
  startData: string;
}

/** The invitation pushed after a case is closed or a ticket served: one start button. */
export function buildSurveyInvitation(view: SurveyInvitationView, t: Translate): FlexMessage {
  const body = [text(t('surveys.invite.intro')), text(view.subject, { weight: 'bold', size: 'md', margin: 'md' })];
  if (view.servedBy) body.push(text(view.servedBy, { color: COLORS.muted }));
  body.push(text(t('surveys.invite.howLong', { count: view.questionCount }), { size: 'xs', color: COLORS.muted, margin: 'md' }));
  return flex(
    t('surveys.invite.altText', { subject: view.subject }),
    bubble({
      size: 'kilo',
      header: header(t('surveys.invite.title')),
      body: vbox(body),
      footer: vbox([button(postbackAction(t('surveys.invite.start'), view.startData, t('surveys.invite.start')))]),
    }),
  );
}

export interface SurveyQuestionView {
  number: number;
  total: number;
  question: string;
  /** The answers offered, in order (5 to 1, yes/no, skip, comment), then cancel. */
  choices: SurveyChoice[];
}

/** One question per message; the answers are quick replies, which vanish once used. */
export function buildSurveyQuestion(view: SurveyQuestionView, t: Translate): FlexMessage {
  const progress = t('surveys.question.progress', { number: view.number, total: view.total });
  return flex(
    `${progress}: ${view.question}`,
    bubble({
      size: 'kilo',
      body: vbox([text(progress, { size: 'xs', color: COLORS.muted }), text(view.question, { size: 'md', weight: 'bold' })], { paddingAll: 'lg' }),
    }),
    { items: choiceItems(view.choices) },
  );
}

export interface SurveyPointPickerView {
  /** Departments or services to rate. */
  choices: SurveyChoice[];
  cancel: SurveyChoice;
}

/** "Which service would you like to rate?" with one quick reply per department. */
export function buildSurveyPointPicker(view: SurveyPointPickerView, t: Translate): TextMessage {
  return { type: 'text', text: t('surveys.menu.choose'), quickReply: { items: choiceItems([...view.choices.slice(0, 12), view.cancel]) } };
}
