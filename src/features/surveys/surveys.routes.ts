import { timingSafeEqual, createHash } from 'node:crypto';
import { Router, type NextFunction, type Request, type Response } from 'express';
import { z } from 'zod';
import type { AppConfig } from '../../config';
import { errorText, logger } from '../../shared/logger';
import { reportCsv, reportQuerySchema, surveyReport } from './survey-report';
import { configureSurveyHashes } from './survey-hashes';

/** Compares two secrets in constant time (hashes first, so lengths do not leak). */
function sameSecret(a: string, b: string): boolean {
  return timingSafeEqual(createHash('sha256').update(a).digest(), createHash('sha256').update(b).digest());
}

/** `Authorization: Bearer <ADMIN_TOKEN>`; 401 without it, or when no ADMIN_TOKEN is configured. */
export function requireAdminToken(adminToken: string | undefined) {
  return (req: Request, res: Response, next: NextFunction) => {
    const match = /^Bearer\s+(\S+)$/i.exec(req.get('authorization') ?? '');
    if (!adminToken || !match || !sameSecret(match[1], adminToken)) {
      res.setHeader('www-authenticate', 'Bearer');
      res.status(401).json({ message: 'admin token required' });
      return;
    }
    next();
  };
}

const httpQuerySchema = reportQuerySchema.and(z.object({ format: z.enum(['json', 'csv']).default('json') }));

/**
 * GET /admin/surveys/report?from=YYYY-MM-DD&to=YYYY-MM-DD&by=department|service|officer|month|half
 * &format=json|csv: the satisfaction report for executives, the same as `npm run survey -- report`.
 */
export function surveysRoutes(config: AppConfig): Router {
  configureSurveyHashes(config);
  const router = Router();
  router.get('/admin/surveys/report', requireAdminToken(config.adminToken), async (req, res, next) => {
    const parsed = httpQuerySchema.safeParse(req.query);
    if (!parsed.success) {
      res.status(400).json({ message: 'invalid parameters', issues: parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })) });
      return;
    }
    try {
      const report = await surveyReport(parsed.data);
      if (parsed.data.format === 'csv') {
        res.setHeader('content-type', 'text/csv; charset=utf-8');
        res.setHeader('content-disposition', `attachment; filename="survey-report-${parsed.data.from}-${parsed.data.to}-${parsed.data.by}.csv"`);
        res.send(reportCsv(report));
        return;
      }
      res.json(report);
    } catch (err) {
      logger.error({ requestId: res.locals.requestId, err: errorText(err) }, 'survey report failed');
      next(err);
    }
  });
  return router;
}
