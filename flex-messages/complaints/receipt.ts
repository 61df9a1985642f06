import type { Translate } from '../../src/i18n/languages';
import type { FlexMessage } from '../../src/line/types';
import { bubble, button, COLORS, flex, header, postbackAction, row, separator, text, vbox } from '../components';

/** A filed case, as shown on the receipt. Dates are already formatted. */
export interface ComplaintReceiptView {
  number: string;
  categoryName: string;
  departmentName: string;
  filedDate: string;
  dueDate: string;
  /** Days from filing to the due date, counted as the municipality counts them. */
  dueDays: number;
  /** True when the municipality counts working days (Monday to Friday), not calendar days. */
  workingDays: boolean;
  /** Postback data of "details". */
  detailsData: string;
}

/** The receipt after filing: the case number, where it went, the dates and what happens next. */
export function buildComplaintReceipt(view: ComplaintReceiptView, t: Translate): FlexMessage {
  return flex(
    t('complaints.receipt.altText', { number: view.number, due: view.dueDate }),
    bubble({
      size: 'mega',
      header: header(t('complaints.receipt.title'), t('complaints.receipt.subtitle')),
      body: vbox([
        text(view.number, { weight: 'bold', size: 'xl', color: COLORS.primary }),
        row(t('complaints.card.category'), view.categoryName),
        row(t('complaints.card.department'), view.departmentName),
        row(t('complaints.card.filed'), view.filedDate),
        row(t('complaints.card.due'), view.dueDate),
        separator(),
        text(t('complaints.receipt.next', { period: t(view.workingDays ? 'complaints.receipt.workingDays' : 'complaints.receipt.calendarDays', { count: view.dueDays }), due: view.dueDate }), { margin: 'md' }),
        text(t('complaints.receipt.howToTrack', { number: view.number }), { size: 'xs', color: COLORS.muted }),
      ]),
      footer: vbox([button(postbackAction(t('complaints.card.details'), view.detailsData, t('complaints.card.details')), 'secondary')]),
    }),
  );
}
