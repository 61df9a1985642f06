import { Router, type Response } from 'express';
import { translator } from '../../i18n';
import { clock } from '../../shared/clock';
import { bangkokDayKey, formatDateTime } from '../../shared/dates';
import { escapeHtml } from '../../shared/text';
import { localized } from '../departments/department.model';
import { getSettings } from '../municipality/settings';
import { findActiveService, type QueueService } from './service.model';
import { QueueTicketModel, type QueueTicket } from './ticket.model';

const NEXT_SHOWN = 6;
const REFRESH_SECONDS = 10;

/** What the screen above the counters shows: labels only, never anything personal. */
export interface BoardData {
  service: { code: string; name: string };
  counters: { counterNo: number; label: string | null }[];
  next: string[];
  waiting: number;
  updatedAt: string;
}

/** The "now serving" data of a service today. */
export async function boardData(service: QueueService, now: Date): Promise<BoardData> {
  const dayKey = bangkokDayKey(now);
  const [called, waiting, waitingCount] = await Promise.all([
    QueueTicketModel.find({ serviceCode: service.code, dayKey, status: 'called' }, { label: 1, counterNo: 1, calledAt: 1 }).sort({ calledAt: -1 }).lean<QueueTicket[]>(),
    QueueTicketModel.find({ serviceCode: service.code, dayKey, status: 'waiting' }, { label: 1 }).sort({ queuedAt: 1, seq: 1 }).limit(NEXT_SHOWN).lean<QueueTicket[]>(),
    QueueTicketModel.countDocuments({ serviceCode: service.code, dayKey, status: 'waiting' }),
  ]);
  return {
    service: { code: service.code, name: service.name.th },
    counters: service.counters.map((counterNo) => ({ counterNo, label: called.find((t) => t.counterNo === counterNo)?.label ?? null })),
    next: waiting.map((t) => t.label),
    waiting: waitingCount,
    updatedAt: now.toISOString(),
  };
}

const STYLE = `body{margin:0;font-family:'Sarabun','Noto Sans Thai',Tahoma,sans-serif;background:#0B3D2E;color:#fff}
header{padding:1.5vh 3vw;background:#0B6E4F;display:flex;justify-content:space-between;align-items:baseline}
h1{margin:0;font-size:5vh}.muni{font-size:2.5vh;opacity:.85}
main{display:grid;grid-template-columns:2fr 1fr;gap:2vw;padding:2vh 3vw}
.counters{display:grid;grid-template-columns:repeat(auto-fit,minmax(22vw,1fr));gap:2vh}
.counter{background:#fff;color:#0B3D2E;border-radius:1.5vh;padding:2vh;text-align:center}
.counter .no{font-size:3.5vh}.counter .label{font-size:14vh;font-weight:700;line-height:1.1}
.counter .idle{font-size:6vh;color:#8C8C8C}
.next{background:#ffffff1a;border-radius:1.5vh;padding:2vh}.next h2{margin:0 0 1vh;font-size:4vh}
.next ol{list-style:none;margin:0;padding:0}.next li{font-size:7vh;font-weight:700}
footer{padding:1vh 3vw;font-size:2.2vh;opacity:.8}`;

/** The board page: plain HTML and CSS, Thai, refreshing itself every few seconds. */
export function renderBoard(data: BoardData, municipality: string, now: Date): string {
  const t = translator('th');
  const counters = data.counters
    .map(
      (c) =>
        `<section class="counter"><div class="no">${escapeHtml(t('queue.board.counter', { counter: c.counterNo }))}</div>` +
        (c.label ? `<div class="label">${escapeHtml(c.label)}</div>` : `<div class="idle">${escapeHtml(t('queue.board.idle'))}</div>`) +
        `</section>`,
    )
    .join('');
  const next = data.next.length > 0 ? `<ol>${data.next.map((l) => `<li>${escapeHtml(l)}</li>`).join('')}</ol>` : `<p>${escapeHtml(t('queue.board.nobodyWaiting'))}</p>`;
  return `<!doctype html>
<html lang="th"><head><meta charset="utf-8"><meta http-equiv="refresh" content="${REFRESH_SECONDS}">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(t('queue.board.title', { service: data.service.name }))}</title>
<style>${STYLE}</style></head><body>
<header><h1>${escapeHtml(data.service.name)}</h1><span class="muni">${escapeHtml(municipality)}</span></header>
<main><div><h2>${escapeHtml(t('queue.board.nowServing'))}</h2><div class="counters">${counters}</div></div>
<aside class="next"><h2>${escapeHtml(t('queue.board.next'))}</h2>${next}<p>${escapeHtml(t('queue.board.waiting', { count: data.waiting }))}</p></aside></main>
<footer>${escapeHtml(t('queue.board.updated', { at: formatDateTime(now, 'th') }))} · ${escapeHtml(t('queue.board.rules'))}</footer>
</body></html>`;
}

function notFoundPage(res: Response): void {
  res.status(404).type('html').send(`<!doctype html><html lang="th"><head><meta charset="utf-8"><title>404</title></head><body><p>${escapeHtml(translator('th')('queue.board.notFound'))}</p></body></html>`);
}

/** GET /queue/<service>/board (HTML) and /queue/<service>/board.json: public, no personal data. */
export function boardRoutes(): Router {
  const router = Router();
  router.get('/queue/:service/board.json', async (req, res) => {
    const service = /^[a-z0-9][a-z0-9-]{1,39}$/.test(req.params.service) ? await findActiveService(req.params.service) : null;
    if (!service) {
      res.status(404).json({ message: translator('th')('queue.board.notFound') });
      return;
    }
    res.set('cache-control', 'no-store').json(await boardData(service, clock.now()));
  });
  router.get('/queue/:service/board', async (req, res) => {
    const service = /^[a-z0-9][a-z0-9-]{1,39}$/.test(req.params.service) ? await findActiveService(req.params.service) : null;
    if (!service) {
      notFoundPage(res);
      return;
    }
    const now = clock.now();
    const settings = await getSettings();
    res.set('cache-control', 'no-store').type('html').send(renderBoard(await boardData(service, now), localized(settings.municipalityName, 'th'), now));
  });
  return router;
}
