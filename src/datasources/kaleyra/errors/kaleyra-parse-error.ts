import { KaleyraError } from './kaleyra-error';

/** The body was not JSON, or not shaped like an envelope. */
export class KaleyraParseError extends KaleyraError {
  override name = 'KaleyraParseError';
  constructor(method: string, detail: string, status?: number) {
    super(method, `unparsable response: ${detail}`, { status, code: 'EPARSE' });
  }

  /** A garbled body is what an overloaded or half-deployed API sends: worth another try. */
  override get transient(): boolean {
    return true;
  }
}
