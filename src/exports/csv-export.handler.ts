import type { Request, Response, Router } from 'express';
import express from 'express';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Context } from '../context/context.type';
import type { DashboardStore } from '../datasources/database/dashboard.store';
import { exportColumns, type ExportQuery } from '../datasources/database/export.rows';
import { csvRecord } from '../domain/csv';
import { AppError } from '../errors/app-error';
import { ErrorCode } from '../errors/error-code';
import { replyRestError } from '../http/rest-error';
import type { Logger } from '../logger';
import { EXPORT_FILES, parseExportRequest, type ExportFile } from './export-request';

/**
 * Exports running at once on one instance. Each holds a database connection for as long as its
 * client reads (minutes for a slow one), and the pool has 10: the rest stay for the dashboards.
 */
export const MAX_RUNNING_EXPORTS = 3;

export interface CsvExportDeps {
  /** The context of one request from its Authorization header (user, masking, data sources); throws UNAUTHENTICATED. */
  context(authorization: string | undefined): Promise<Context>;
  /** Exports one user may start per minute, across instances. */
  ratePerMinute: number;
  logger: Logger;
}

/**
 * GET /exports/call-logs.csv and /exports/customer-calls.csv: the whole range as one CSV file,
 * streamed from the database as the client reads it. Authenticated like a GraphQL query (any
 * role), validated before anything runs, one unit of the user's export budget per file.
 */
export function csvExportRouter(deps: CsvExportDeps): Router {
  const router = express.Router();
  const running = { count: 0 };
  for (const file of EXPORT_FILES) {
    router.get(`/exports/${file}.csv`, (req, res) => {
      exportFile(file, req, res, deps, running).catch((err: unknown) => {
        if (!res.headersSent) replyRestError(res, err, deps.logger);
        else res.destroy();
      });
    });
  }
  return router;
}

async function exportFile(
  file: ExportFile,
  req: Request,
  res: Response,
  deps: CsvExportDeps,
  running: { count: number },
): Promise<void> {
  const ctx = await deps.context(req.headers.authorization);
  const { query, fileName } = parseExportRequest(
    file,
    req.query as Record<string, unknown>,
    ctx.maskNumbers,
  );
  const headers = {
    'content-type': 'text/csv; charset=utf-8',
    'content-disposition': `attachment; filename="${fileName}"`,
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
  };
  if (req.method === 'HEAD') {
    res.writeHead(200, headers).end();
    return;
  }
  if (running.count >= MAX_RUNNING_EXPORTS) {
    throw new AppError(
      ErrorCode.RATE_LIMITED,
      `${MAX_RUNNING_EXPORTS} exports are running on this server already; try again shortly`,
      { retryAfterSeconds: 10 },
    );
  }
  running.count++;
  try {
    const db = ctx.dataSources.db;
    // Tokens without a subject share one budget (they cannot be told apart).
    const budgetKey = `exports:${ctx.user?.id ?? '(no subject)'}`;
    if (!(await db.takeRateLimit(budgetKey, deps.ratePerMinute, 60))) {
      throw new AppError(
        ErrorCode.RATE_LIMITED,
        `At most ${deps.ratePerMinute} exports a minute; try again shortly`,
        { retryAfterSeconds: 60 },
      );
    }
    await send(file, query, headers, res, db, deps);
  } finally {
    running.count--;
  }
}

async function send(
  file: ExportFile,
  query: ExportQuery,
  headers: Record<string, string>,
  res: Response,
  db: DashboardStore,
  deps: CsvExportDeps,
): Promise<void> {
  const started = Date.now();
  const rows = await db.exportCsv(query);
  // A client gone before the end stops the query (the data source cancels it on destroy).
  res.once('close', () => {
    if (!res.writableFinished) rows.destroy();
  });
  // Until the first bytes come, a failure (the query refused) can still be answered as JSON.
  const first = await firstChunk(rows).catch((err: unknown) => {
    rows.destroy();
    throw err;
  });
  if (res.destroyed) return;
  res.writeHead(200, headers);
  res.write(csvRecord(exportColumns(file)));
  if (first) res.write(first);
  const where = { file, startDate: query.range.start, endDate: query.range.end };
  try {
    await pipeline(rows, res);
    deps.logger.info({ ...where, ms: Date.now() - started }, 'export sent');
  } catch (err) {
    if (res.writableFinished || (err as { code?: string }).code === 'ERR_STREAM_PREMATURE_CLOSE')
      deps.logger.info({ ...where, ms: Date.now() - started }, 'export abandoned by the client');
    else deps.logger.error({ ...where, err }, 'export failed mid-file');
    // A cut transfer (no final chunk) tells the client the file is incomplete.
    res.destroy();
  }
}

/** The stream's first chunk, null when it ends empty; rejects with its error. */
function firstChunk(stream: Readable): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const onReadable = () => {
      done();
      resolve((stream.read() as Buffer | null) ?? null);
    };
    const onError = (err: Error) => {
      done();
      reject(err);
    };
    const onClose = () => {
      done();
      resolve(null);
    };
    const done = () => {
      stream.off('readable', onReadable);
      stream.off('error', onError);
      stream.off('close', onClose);
    };
    stream.on('readable', onReadable);
    stream.on('error', onError);
    stream.on('close', onClose);
  });
}
