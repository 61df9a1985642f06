import { Router } from 'express';
import { z } from 'zod';
import type { AppConfig } from '../../config';
import { clock } from '../../shared/clock';
import { setEncryptionKeys } from '../../shared/crypto';
import { logger } from '../../shared/logger';
import { OfficerModel } from '../officers/officer.model';
import { checkEvidenceLink, setEvidenceBaseUrl } from './evidence-links';
import { openEvidence } from './evidence.store';
import { logAccess } from './integrity.service';

const querySchema = z.object({
  o: z.string().regex(/^[0-9a-f]{24}$/i),
  exp: z.coerce.number().int().positive(),
  sig: z.string().min(10).max(100),
});

/**
 * GET /integrity/evidence/:id?o=&exp=&sig=: evidence of a confidential report through a
 * short-lived signed link made for one integrity officer. The officer must still be active with
 * the integrity role; every download is written to the access log. Never cached.
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
        res.status(400).json({ message: 'bad link' });
        return;
      }
      const now = clock.now();
      const check = checkEvidenceLink(fileId, query.data.o, query.data.exp, query.data.sig, now);
      if (check !== 'ok') {
        res.status(check === 'expired' ? 410 : 403).json({ message: check === 'expired' ? 'link expired' : 'bad link' });
        return;
      }
      const officer = await OfficerModel.findOne({ _id: query.data.o, active: true }, { roles: 1 }).lean();
      if (!officer?.roles?.includes('integrity')) {
        res.status(403).json({ message: 'not allowed' });
        return;
      }
      const file = await openEvidence(fileId);
      if (!file?.reportId) {
        res.status(404).json({ message: 'not found' });
        return;
      }
      await logAccess({ officerId: query.data.o, action: 'evidence', reportId: file.reportId, detail: fileId, at: now });
      res.setHeader('Content-Type', file.contentType);
      res.setHeader('Content-Length', String(file.length));
      res.setHeader('Content-Disposition', `${file.contentType.startsWith('image/') ? 'inline' : 'attachment'}; filename="${file.filename}"`);
      const stream = file.stream();
      stream.on('error', (err: Error) => {
        logger.error({ fileId, err: err.message }, 'evidence download failed');
        res.destroy(err);
      });
      stream.pipe(res);
    } catch (err) {
      next(err);
    }
  });
  return router;
}
