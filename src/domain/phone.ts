import { badInput } from '../errors/bad-input';

/**
 * Normalises an Indian mobile number to 10 digits: spaces, dashes, dots and parentheses go, then a
 * +91, 91 or 0 prefix. Returns null when what is left is not 10 digits.
 */
export function normalizePhone(raw: string): string | null {
  let digits = raw.trim().replace(/[\s\-().]/g, '');
  if (digits.startsWith('+91')) digits = digits.slice(3);
  else if (digits.length === 12 && digits.startsWith('91')) digits = digits.slice(2);
  else if (digits.length === 11 && digits.startsWith('0')) digits = digits.slice(1);
  return /^\d{10}$/.test(digits) ? digits : null;
}

/** normalizePhone, or BAD_USER_INPUT naming the argument. */
export function requirePhone(argument: string, raw: string): string {
  const phone = normalizePhone(raw);
  if (!phone) throw badInput(argument, `"${raw}" is not a 10-digit Indian mobile number`);
  return phone;
}

/** 98XXXXXX01: what a masked viewer sees of a customer's number. */
export function maskNumber(n: string): string {
  return n.length <= 4
    ? 'X'.repeat(n.length)
    : n.slice(0, 2) + 'X'.repeat(n.length - 4) + n.slice(-2);
}
