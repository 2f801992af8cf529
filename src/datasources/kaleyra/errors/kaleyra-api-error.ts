import { KaleyraError } from './kaleyra-error';

/** Kaleyra answered (usually HTTP 200) with a failure envelope, or a success without `data.id`. */
export class KaleyraApiError extends KaleyraError {
  override name = 'KaleyraApiError';
  /** Kaleyra's own `message`, e.g. "Invalid API key". */
  readonly kaleyraMessage: string;

  constructor(method: string, kaleyraMessage: string, kaleyraStatus?: string) {
    const numeric = kaleyraStatus !== undefined && /^\d{3}$/.test(kaleyraStatus);
    super(
      method,
      kaleyraStatus === undefined ? kaleyraMessage : `${kaleyraMessage} (status ${kaleyraStatus})`,
      { status: numeric ? Number(kaleyraStatus) : undefined, code: kaleyraStatus },
    );
    this.kaleyraMessage = kaleyraMessage;
  }
}
