import { Router, type Response } from 'express';
import { z } from 'zod';
import type { AppConfig } from '../../config';
import { translator, type Lang } from '../../i18n';
import { clock } from '../../shared/clock';
import { setEncryptionKeys } from '../../shared/crypto';
import { errorText, logger } from '../../shared/logger';
import { OfficerModel } from '../officers/officer.model';
import { escapeHtml } from '../../shared/text';
import { languageOf } from '../users/users.service';
import { checkEvidenceLink, EVIDENCE_LINK_TTL_MS, setEvidenceBaseUrl } from './evidence-links';
import { actsAsIntegrityOfficer } from './integrity-role';
import { openEvidence } from './evidence.store';
import { logAccess } from './integrity.service';

const querySchema = z.object({
  o: z.string().regex(/^[0-9a-f]{24}$/i),
  exp: z.coerce.number().int().positive(),
  sig: z.string().min(10).max(100),
});

type Refusal = 'badLink' | 'expired' | 'notAllowed' | 'notFound';

/**
 * A refused link opens in LINE's browser on the officer's phone: a short page in their language
 * (Thai when the link is not genuine, since then nobody is known), never a JSON error.
 */
function refuse(res: Response, status: number, reason: Refusal, lang: Lang = 'th'): void {
  const t = translator(lang);
  const message = t(`integrity.evidencePage.${reason}`, { minutes: EVIDENCE_LINK_TTL_MS / 60_000 });
  res
    .status(status)
    .type('html')
    .send(`<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(t('integrity.evidencePage.title'))}</title></head><body style="font-family:sans-serif;padding:1.5em;font-size:1.1em"><p>${escapeHtml(message)}</p></body></html>`);
}

/**
 * GET /integrity/evidence/:id?o=&exp=&sig=: evidence of a confidential report through a
 * short-lived signed link made for one integrity officer. The officer must still be active with
 * the integrity role in legal affairs; every download is written to the access log. Never cached.
 */
export function integrityRoutes(config: AppConfig): Router {
  setEncryptionKeys(config.encryptionKeys);
  setEvidenceBaseUrl(config.publicBaseUrl);
  const router = Router();
  router.get('/integrity/evidence/:id', async (req, res, next) => {
    try {
      res.setHeader('Cache-Control', 'no-store');
      res.setHeader('X-Content-Type-Options', 'nosniff');
      res.setHeader('Referrer-Policy', 'no-referrer');
      const fileId = String(req.params.id);
      const query = querySchema.safeParse(req.query);
      if (!/^[0-9a-f]{24}$/i.test(fileId) || !query.success) {
        refuse(res, 400, 'badLink');
        return;
      }
      const now = clock.now();
      const check = checkEvidenceLink(fileId, query.data.o, query.data.exp, query.data.sig, now);
      if (check === 'bad_signature') {
        refuse(res, 403, 'badLink');
        return;
      }
      // The signature is genuine: the officer it names is known, and so is their language.
      const officer = await OfficerModel.findOne({ _id: query.data.o, active: true }, { roles: 1, lineUserId: 1, departmentCode: 1 }).lean();
      const lang = officer ? await languageOf(officer.lineUserId) : 'th';
      if (check === 'expired') {
        refuse(res, 410, 'expired', lang);
        return;
      }
      if (!(await actsAsIntegrityOfficer(officer))) {
        refuse(res, 403, 'notAllowed', lang);
        return;
      }
      const file = await openEvidence(fileId);
      if (!file?.reportId) {
        refuse(res, 404, 'notFound', lang);
        return;
      }
      await logAccess({ officerId: query.data.o, action: 'evidence', reportId: file.reportId, detail: fileId, at: now });
      res.setHeader('Content-Type', file.contentType);
      res.setHeader('Content-Length', String(file.length));
      res.setHeader('Content-Disposition', `${file.contentType.startsWith('image/') ? 'inline' : 'attachment'}; filename="${file.filename}"`);
      const stream = file.stream();
      stream.on('error', (err: Error) => {
        logger.error({ fileId, err: errorText(err) }, 'evidence download failed');
        res.destroy(err);
      });
      stream.pipe(res);
    } catch (err) {
      next(err);
    }
  });
  return router;
}
