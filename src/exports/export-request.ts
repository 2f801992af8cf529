import type { ExportQuery } from '../datasources/database/export.rows';
import { daysRange } from '../domain/date-range';
import { hasControlCharacters } from '../domain/formats';
import { requirePhone } from '../domain/phone';
import { badInput } from '../errors/bad-input';
import { CALL_OUTCOMES, type CallOutcome } from '../schema/call-outcome.enum';
import { CallService, kaleyraService } from '../schema/call-service.enum';

/** The two files, by the last part of their path. */
export const EXPORT_FILES = ['call-logs', 'customer-calls'] as const;
export type ExportFile = (typeof EXPORT_FILES)[number];

const PARAMETERS: Record<ExportFile, readonly string[]> = {
  'call-logs': ['startDate', 'endDate', 'service', 'agentNumber', 'status'],
  'customer-calls': ['startDate', 'endDate', 'outcome'],
};

const SERVICES = Object.values(CallService) as string[];

/**
 * An export's query string as an ExportQuery, or BAD_USER_INPUT naming the parameter: the same
 * rules as callList's and customerCalls' arguments (IST days, inclusive, at most 366; a 10-digit
 * agent number after +91 / 91 / 0; the GraphQL enums' names). An empty optional parameter is no
 * filter; an unknown or repeated parameter is refused, so that a typo never exports more than was
 * asked for.
 */
export function parseExportRequest(
  file: ExportFile,
  query: Readonly<Record<string, unknown>>,
  mask: boolean,
): { query: ExportQuery; fileName: string } {
  const allowed = PARAMETERS[file];
  for (const name of Object.keys(query)) {
    if (!allowed.includes(name))
      throw badInput(name, `unknown parameter; ${file}.csv takes ${allowed.join(', ')}`);
  }
  const param = (name: string): string | null => {
    const value = query[name];
    if (value === undefined) return null;
    if (typeof value !== 'string') throw badInput(name, 'must be given once');
    if (hasControlCharacters(value))
      throw badInput(name, 'must not contain control characters (U+0000 to U+001F, U+007F)');
    return value.trim() === '' ? null : value.trim();
  };
  const startDate = param('startDate');
  const endDate = param('endDate');
  if (!startDate) throw badInput('startDate', 'is required (an IST day, YYYY-MM-DD)');
  if (!endDate) throw badInput('endDate', 'is required (an IST day, YYYY-MM-DD)');
  const resolved = daysRange(startDate, endDate, { start: 'startDate', end: 'endDate' });
  const range = { start: resolved.start, end: resolved.end };
  const fileName = `${file}_${resolved.startDate}_${resolved.endDate}.csv`;

  if (file === 'customer-calls') {
    const outcome = param('outcome');
    if (outcome !== null && !(CALL_OUTCOMES as readonly string[]).includes(outcome))
      throw badInput('outcome', `"${outcome}" is not one of ${CALL_OUTCOMES.join(', ')}`);
    return {
      query: { file, range, filter: { outcome: outcome as CallOutcome | null }, mask },
      fileName,
    };
  }
  const service = param('service');
  if (service !== null && !SERVICES.includes(service))
    throw badInput('service', `"${service}" is not one of ${SERVICES.join(', ')}`);
  const agentNumber = param('agentNumber');
  const filter = {
    service: service === null ? null : kaleyraService(service as CallService),
    agentNumber: agentNumber === null ? null : requirePhone('agentNumber', agentNumber),
    status: param('status'),
  };
  return { query: { file, range, filter, mask }, fileName };
}
