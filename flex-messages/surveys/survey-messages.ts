import type { Translate } from '../../src/i18n/languages';
import type { FlexComponent, FlexMessage, QuickReplyItem, TextMessage } from '../../src/line/types';
import { bubble, button, COLORS, flex, header, postbackAction, quickItem, separator, text, vbox } from '../components';
import { shortLabel } from '../../src/shared/text';

/** A quick-reply choice: the label shown (and echoed in the chat) and its postback data. */
export interface SurveyChoice {
  label: string;
  data: string;
  /** What the chat shows after the tap (default: the label). */
  displayText?: string;
}

/** Quick replies; a long name is shortened on the button (shortLabel) and shown whole in the chat. */
function choiceItems(choices: SurveyChoice[]): QuickReplyItem[] {
  return choices.map((c) => quickItem(postbackAction(shortLabel(c.label), c.data, c.displayText ?? c.label)));
}

export interface SurveyInvitationView {
  /** What is rated, already formatted: "เรื่อง C2569-00042" or "บัตรคิว A012". */
  subject: string;
  /** The department or service that served, if known. */
  servedBy?: string;
  /** Questions to tap (ratings and yes/no). */
  questionCount: number;
  /** The first question, answered straight from the invitation's quick replies (none when it is answered by typing). */
  firstQuestion?: { number: number; total: number; question: string; choices: SurveyChoice[] };
  /** Postback data of the start button (for when the quick replies are gone). */
  startData: string;
}

/**
 * The invitation pushed after a case is closed or a ticket served. It asks the first question
 * itself, with the answers as quick replies, so a citizen who rates everything taps once per
 * question; the start button opens the same question again once the quick replies are gone
 * (LINE drops them when another message arrives).
 */
export function buildSurveyInvitation(view: SurveyInvitationView, t: Translate): FlexMessage {
  const first = view.firstQuestion;
  const body: FlexComponent[] = [text(t('surveys.invite.intro')), text(view.subject, { weight: 'bold', size: 'md', margin: 'md' })];
  if (view.servedBy) body.push(text(view.servedBy, { color: COLORS.muted }));
  body.push(text(t('surveys.invite.howLong', { count: view.questionCount }), { size: 'xs', color: COLORS.muted, margin: 'md' }));
  if (first) {
    body.push(separator());
    body.push(text(t('surveys.question.progress', { number: first.number, total: first.total }), { size: 'xs', color: COLORS.muted, margin: 'md' }));
    body.push(text(first.question, { size: 'md', weight: 'bold' }));
  }
  return flex(
    t('surveys.invite.altText', { subject: view.subject }),
    bubble({
      size: 'kilo',
      header: header(t('surveys.invite.title')),
      body: vbox(body),
      footer: vbox([button(postbackAction(t('surveys.invite.start'), view.startData, t('surveys.invite.start')), 'secondary')]),
    }),
    first ? { items: choiceItems(first.choices) } : undefined,
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
  /** The department whose services are offered (unset: departments are offered). */
  department?: string;
}

/** "Which office would you like to rate?" with one quick reply per department (or per service of one, with `department`). */
export function buildSurveyPointPicker(view: SurveyPointPickerView, t: Translate): TextMessage {
  const question = view.department ? t('surveys.menu.chooseService', { department: view.department }) : t('surveys.menu.choose');
  return { type: 'text', text: question, quickReply: { items: choiceItems([...view.choices.slice(0, 12), view.cancel]) } };
}
