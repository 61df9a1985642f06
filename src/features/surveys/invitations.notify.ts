import { buildSurveyInvitation } from '../../../flex-messages/surveys/survey-messages';
import { translator } from '../../i18n';
import type { Lang, Translate } from '../../i18n/languages';
import { encodePostback } from '../../line/postback';
import { enqueuePush } from '../../notifications/outbox.service';
import { clock } from '../../shared/clock';
import type { DomainEvents } from '../../shared/domain-events';
import { logger } from '../../shared/logger';
import { DepartmentModel, localized } from '../departments/department.model';
import { languageOf } from '../users/users.service';
import { initialAnswers, offersComment, tapValue } from './answer-survey.flow';
import { questionChoices } from './survey-choices';
import type { StoredSurvey } from './survey-definition';
import { progressOf } from './survey-logic';
import { currentSurvey } from './survey-store';
import { recordInvitation, type InvitationInput } from './invitations.service';

/** Postback action of a quick reply on the invitation: answers the first question and starts the dialog. */
export const FIRST_ANSWER_ACTION = 'surveys.first';

/**
 * The first question of the survey as the invitation shows it, its answers carrying the subject
 * key; none when it is a question to type (no dialog is open yet to read the text).
 */
function firstQuestion(survey: StoredSurvey, input: InvitationInput, key: string, reader: { lang: Lang; t: Translate }) {
  const answers = initialAnswers({ key, channel: input.channel, startedAt: '' }, survey, {});
  const question = survey.questions[answers.index];
  if (!question || question.type === 'text') return undefined;
  const { number, total } = progressOf(survey.questions, {}, false, answers.index);
  const choices = questionChoices(reader, question, { dataFor: (value) => encodePostback(FIRST_ANSWER_ACTION, { t: key, x: tapValue(question, value) }), offerComment: offersComment(answers) });
  return { number, total, question: localized(question.text, reader.lang), choices };
}

/** Records the invitation and pushes it (once per subject: the outbox dedupe key), in the citizen's language. */
async function pushInvitation(input: InvitationInput, subjectText: (t: Translate) => string): Promise<void> {
  const survey = await currentSurvey(input.channel);
  if (!survey) {
    logger.warn({ channel: input.channel }, 'no active survey: invitation not sent');
    return;
  }
  const key = await recordInvitation(input, clock.now());
  const lang = await languageOf(input.citizenId);
  const t = translator(lang);
  const department = input.departmentCode ? await DepartmentModel.findOne({ code: input.departmentCode }, { name: 1 }).lean() : null;
  const message = buildSurveyInvitation(
    {
      subject: subjectText(t),
      servedBy: department ? localized(department.name, lang) : undefined,
      questionCount: survey.questions.filter((q) => q.type !== 'text').length,
      firstQuestion: firstQuestion(survey, input, key, { lang, t }),
      startData: encodePostback('surveys.start', { t: key }),
    },
    t,
  );
  await enqueuePush({ to: input.citizenId, messages: [message], topic: 'surveys.invite', dedupeKey: `surveys.invite:${key}` });
}

/** complaint.closed: invite the citizen who filed the case (none for cases without a LINE citizen). */
export async function inviteAfterCase(e: DomainEvents['complaint.closed']): Promise<void> {
  if (!e.citizenId) return;
  await pushInvitation(
    { channel: 'after_case', citizenId: e.citizenId, subjectId: e.caseId, departmentCode: e.departmentCode, categoryCode: e.categoryCode, officerId: e.officerLineUserId },
    (t) => t('surveys.invite.case', { number: e.caseNumber }),
  );
}

/** queue.ticketServed: invite the citizen who held the ticket. */
export async function inviteAfterTicket(e: DomainEvents['queue.ticketServed']): Promise<void> {
  if (!e.citizenId) return;
  await pushInvitation(
    { channel: 'after_ticket', citizenId: e.citizenId, subjectId: e.ticketId, departmentCode: e.departmentCode, serviceCode: e.serviceCode, officerId: e.officerId },
    (t) => t('surveys.invite.ticket', { label: e.label }),
  );
}
