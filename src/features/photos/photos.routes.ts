import { Router } from 'express';
import type { AppConfig } from '../../config';
import { errorText, logger } from '../../shared/logger';
import { configurePhotoUrls, readPhoto, verifyPhotoSignature } from './photos.service';

/**
 * GET /photos/:id?exp=&sig=: serves one stored photo to whoever holds a signed, unexpired link
 * (LINE's image fetcher, an officer). A wrong or expired signature is 403; an unknown photo 404.
 */
export function photosRoutes(config: AppConfig): Router {
  configurePhotoUrls(config);
  const router = Router();
  router.get('/photos/:id', async (req, res, next) => {
    try {
      const id = String(req.params.id);
      const exp = typeof req.query.exp === 'string' ? req.query.exp : undefined;
      const sig = typeof req.query.sig === 'string' ? req.query.sig : undefined;
      if (!verifyPhotoSignature(id, exp, sig)) {
        res.status(403).json({ message: 'forbidden' });
        return;
      }
      const photo = await readPhoto(id);
      if (!photo) {
        res.status(404).json({ message: 'not found' });
        return;
      }
      res.setHeader('content-type', photo.contentType);
      res.setHeader('cache-control', 'private, max-age=3600');
      res.setHeader('x-content-type-options', 'nosniff');
      res.send(photo.data);
    } catch (err) {
      logger.error({ err: errorText(err) }, 'photo read failed');
      next(err);
    }
  });
  return router;
}
