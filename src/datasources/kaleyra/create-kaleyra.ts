import type { Config } from '../../config';
import type { Logger } from '../../logger';
import { KaleyraClient } from './kaleyra.client';

/** The parts of the config that say which Kaleyra to talk to, and how patiently. */
export type KaleyraSettings = Pick<Config, 'kaleyraBaseUrl' | 'kaleyraApiKey' | 'kaleyraTimeoutMs'>;

/**
 * The process's Kaleyra client (the server's and the sync CLI's). It needs a key: without
 * KALEYRA_API_KEY the entry points point these settings at the demo simulator first
 * (demo/demo-kaleyra.ts).
 */
export function createKaleyra(settings: KaleyraSettings, logger: Logger): KaleyraClient {
  if (!settings.kaleyraApiKey) {
    throw new Error(
      'createKaleyra: no Kaleyra API key (the entry points start the demo simulator when KALEYRA_API_KEY is unset)',
    );
  }
  return new KaleyraClient({
    baseUrl: settings.kaleyraBaseUrl,
    apiKey: settings.kaleyraApiKey,
    timeoutMs: settings.kaleyraTimeoutMs,
    logger,
  });
}
